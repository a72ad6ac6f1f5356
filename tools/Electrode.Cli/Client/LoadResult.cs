using HdrHistogram;

namespace Electrode.Cli.Client;

/// <summary>One measured request: which client sent it, its sequence number at that client, and its latency.</summary>
internal readonly record struct LatencySample(int Client, long Sequence, double Microseconds);

/// <summary>What a closed-loop load measured.</summary>
/// <param name="Completed">Measured requests that got a reply.</param>
/// <param name="WrongReplies">Measured replies that were not the expected answer.</param>
/// <param name="Resends">Requests sent again after a client timeout (warm-up included).</param>
/// <param name="Elapsed">From the end of the warm-up to the last measured reply.</param>
/// <param name="Latencies">Latencies of the measured requests.</param>
/// <param name="Samples">Every measured request, in completion order, when samples were kept; else empty.</param>
/// <param name="DeadlineReached">True when the deadline stopped the load before every request completed.</param>
internal sealed record LoadResult(
    long Completed, long WrongReplies, long Resends, TimeSpan Elapsed, HistogramBase Latencies,
    IReadOnlyList<LatencySample> Samples, bool DeadlineReached)
{
    /// <summary>True when a stop was asked for before every request was sent.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Measured requests per second (0 when nothing completed).</summary>
    public double Throughput => Completed == 0 || Elapsed <= TimeSpan.Zero ? 0 : Completed / Elapsed.TotalSeconds;
}
