namespace Electrode.Bench.Loopback;

/// <summary>A benchmark run that cannot go on; the message is the one line printed.</summary>
internal sealed class BenchmarkException(string message) : Exception(message);
