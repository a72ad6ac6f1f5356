using System.Globalization;
using System.Text.RegularExpressions;

namespace Electrode.Bench.Loopback;

/// <summary>What <c>electrode client</c> printed at the end of a run: throughput, latency percentiles (us) and resends.</summary>
internal sealed partial record ClientSummary(double OpsPerSecond, long P50, long P90, long P99, long P999, long Resends)
{
    /// <summary>Reads the summary from the client's output lines.</summary>
    /// <exception cref="BenchmarkException">A summary line is missing.</exception>
    public static ClientSummary Parse(IReadOnlyList<string> lines)
    {
        var requests = Find(lines, RequestsLine(), "requests");
        var throughput = Find(lines, ThroughputLine(), "throughput");
        var latency = Find(lines, LatencyLine(), "latency");
        long Number(Match match, int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return new ClientSummary(double.Parse(throughput.Groups[1].Value, CultureInfo.InvariantCulture),
            Number(latency, 1), Number(latency, 2), Number(latency, 3), Number(latency, 4), Number(requests, 1));
    }

    private static Match Find(IReadOnlyList<string> lines, Regex pattern, string what) =>
        lines.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success)
        ?? throw new BenchmarkException($"the client printed no {what} line");

    [GeneratedRegex(@"^requests: .*, (\d+) resends")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^throughput: (\d+) ops/s$")]
    private static partial Regex ThroughputLine();

    [GeneratedRegex(@"^latency:    p50 (\d+) us, p90 (\d+) us, p99 (\d+) us, p99\.9 (\d+) us")]
    private static partial Regex LatencyLine();
}
