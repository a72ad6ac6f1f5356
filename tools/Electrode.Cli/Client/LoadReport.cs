using System.Globalization;

namespace Electrode.Cli.Client;

/// <summary>The printed summary of a load and its per-request CSV.</summary>
internal static class LoadReport
{
    /// <summary>Writes the summary: one line of counts, throughput, and latency percentiles in microseconds.</summary>
    public static void WriteSummary(TextWriter output, LoadResult result, int clients)
    {
        var h = result.Latencies;
        output.WriteLine(Invariant($"requests:   {result.Completed} completed by {clients} clients, {result.WrongReplies} wrong replies, {result.Resends} resends"));
        output.WriteLine(Invariant($"elapsed:    {result.Elapsed.TotalSeconds:F3} s"));
        output.WriteLine(Invariant($"throughput: {result.Throughput:F0} ops/s"));
        output.WriteLine(Invariant(
            $"latency:    p50 {h.ValueAtPercentile(50)} us, p90 {h.ValueAtPercentile(90)} us, p99 {h.ValueAtPercentile(99)} us, p99.9 {h.ValueAtPercentile(99.9)} us, max {h.Max} us, mean {h.Mean:F0} us"));
    }

    /// <summary>Writes one line per measured request: client, request sequence number, latency in microseconds.</summary>
    public static void WriteCsv(TextWriter writer, LoadResult result)
    {
        writer.WriteLine("client,request,latency_us");
        foreach (var sample in result.Samples)
            writer.WriteLine(Invariant($"{sample.Client},{sample.Sequence},{sample.Microseconds:F1}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
