using System.Globalization;
using HdrHistogram;

namespace Electrode.Cli.Client;

/// <summary>The printed summary of a load and its per-request CSV.</summary>
internal static class LoadReport
{
    /// <summary>Writes the summary: one line of counts, throughput, and latency percentiles in microseconds.</summary>
    public static void WriteSummary(TextWriter output, LoadResult result, int clients)
    {
        var h = result.Latencies;
        // An empty histogram has no percentiles (HdrHistogram throws): a run that completed nothing reports zeros.
        long At(double percentile) => h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile);
        output.WriteLine(Invariant($"requests:   {result.Completed} completed by {clients} clients, {result.WrongReplies} wrong replies, {result.Resends} resends"));
        output.WriteLine(Invariant($"elapsed:    {result.Elapsed.TotalSeconds:F3} s"));
        output.WriteLine(Invariant($"throughput: {result.Throughput:F0} ops/s"));
        output.WriteLine(Invariant(
            $"latency:    p50 {At(50)} us, p90 {At(90)} us, p99 {At(99)} us, p99.9 {At(99.9)} us, max {At(100)} us, mean {(h.TotalCount == 0 ? 0 : h.GetMean()):F0} us"));
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
