using System.Globalization;
using System.Text.RegularExpressions;

namespace Electrode.Cluster.Load;

/// <summary>What <c>electrode client</c> printed at the end of a run: requests completed, throughput, latency percentiles (us) and resends.</summary>
/// <param name="Completed">Measured requests completed.</param>
/// <param name="OpsPerSecond">Measured throughput.</param>
/// <param name="P50">Median latency, us.</param>
/// <param name="P90">90th percentile, us.</param>
/// <param name="P99">99th percentile, us.</param>
/// <param name="P999">99.9th percentile, us.</param>
/// <param name="Resends">Requests the clients sent again after a timeout.</param>
public sealed record ClientSummary(long Completed, double OpsPerSecond, long P50, long P90, long P99, long P999, long Resends)
{
    /// <summary>Reads the summary from the client's output lines.</summary>
    /// <exception cref="ClusterException">A summary line is missing.</exception>
    public static ClientSummary Parse(IReadOnlyList<string> lines)
    {
        var requests = Find(lines, RequestsLine, "requests");
        var throughput = Find(lines, ThroughputLine, "throughput");
        var latency = Find(lines, LatencyLine, "latency");
        long Number(Match match, int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return new ClientSummary(Number(requests, 1), double.Parse(throughput.Groups[1].Value, CultureInfo.InvariantCulture),
            Number(latency, 1), Number(latency, 2), Number(latency, 3), Number(latency, 4), Number(requests, 2));
    }

    private static Match Find(IReadOnlyList<string> lines, Regex pattern, string what) =>
        lines.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success)
        ?? throw new ClusterException($"the client printed no {what} line");

    private static readonly Regex RequestsLine = new(@"^requests: +(\d+) completed .*, (\d+) resends", RegexOptions.Compiled);

    private static readonly Regex ThroughputLine = new(@"^throughput: (\d+) ops/s$", RegexOptions.Compiled);

    private static readonly Regex LatencyLine = new(@"^latency:    p50 (\d+) us, p90 (\d+) us, p99 (\d+) us, p99\.9 (\d+) us", RegexOptions.Compiled);
}
