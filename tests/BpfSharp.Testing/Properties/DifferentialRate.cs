using System.Diagnostics;

namespace BpfSharp.Testing.Properties;

/// <summary>
/// How fast a differential property runs since it was created: wall-clock time, and the process's CPU time (which a
/// machine shared with other work inflates less than the wall clock) per case.
/// </summary>
public sealed class DifferentialRate
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>For example "in 12.3 s: 0.123 ms per case, 0.101 ms CPU per case".</summary>
    public string Describe(long cases)
    {
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalMilliseconds;
        double wallMs = _wall.Elapsed.TotalMilliseconds;
        long divisor = Math.Max(cases, 1);
        return $"in {wallMs / 1000:F1} s: {wallMs / divisor:F3} ms per case, {cpuMs / divisor:F3} ms CPU per case";
    }
}
