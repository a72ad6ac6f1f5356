using BpfSharp.Testing;

namespace Electrode.Cluster.Tests.Commands;

public sealed class BenchCommandTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    private readonly string directory = Directory.CreateTempSubdirectory("electrode-bench-test-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [KernelFact]
    public void ATinyMatrixWritesEveryRunMediansAndTwoPlots()
    {
        var (exitCode, output, error) = CommandRun.Electrode(TimeSpan.FromMinutes(3),
            "bench", "--replicas", "3", "--fast-paths", "none", "--clients", "1,2", "--repetitions", "2", "--seconds", "0.5", "--warmup", "0.3", "--out", directory);

        Assert.True(exitCode == 0, $"electrode bench exited {exitCode}: {error}{Environment.NewLine}{output}");
        var runs = File.ReadAllLines(Path.Combine(directory, "bench-runs.csv"));
        Assert.Equal(1 + 2 * 2, runs.Length);
        Assert.All(runs.Skip(1), row => Assert.StartsWith(row[0] is '1' ? "1,3,none," : "2,3,none,", row));
        var summary = File.ReadAllLines(Path.Combine(directory, "bench-summary.csv"));
        Assert.Equal(["3,none,1,2,", "3,none,2,2,"], summary.Skip(1).Select(r => string.Join(',', r.Split(',').Take(4)) + ","));
        Assert.All(summary.Skip(1), row => Assert.EndsWith(",1.00,1.00,1.00,1.00", row));
        foreach (string plot in (string[])["throughput-latency.png", "cpu-per-op.png"])
        {
            var bytes = File.ReadAllBytes(Path.Combine(directory, plot));
            Assert.True(bytes.Length > 5000 && bytes.AsSpan(0, 8).SequenceEqual(PngSignature), $"{plot} is not a drawn PNG ({bytes.Length} bytes)");
        }
    }

    [Fact]
    public void AnUnknownFastPathIsRefusedBeforeAnythingRuns()
    {
        var (exitCode, _, error) = CommandRun.Electrode(TimeSpan.FromMinutes(1), "bench", "--fast-paths", "none,turbo", "--out", directory);

        Assert.Equal(2, exitCode);
        Assert.Contains("'turbo' is not a fast path", error);
    }
}
