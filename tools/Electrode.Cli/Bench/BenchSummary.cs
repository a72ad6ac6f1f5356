using System.Globalization;
using Electrode.Cluster.Load;

namespace Electrode.Cli.Bench;

/// <summary>The median and range of one figure over a configuration's repetitions.</summary>
internal sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
            return new Spread(double.NaN, double.NaN, double.NaN);
        int middle = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }
}

/// <summary>The four figures a run is judged by.</summary>
internal readonly record struct RunFigures(double OpsPerSecond, double P50, double P99, double CpuPerOp)
{
    public static RunFigures Of(LoadMeasurement run) =>
        new(run.Summary.OpsPerSecond, run.Summary.P50, run.Summary.P99, run.CpuMicrosecondsPerOp);

    /// <summary>Each figure divided by the same figure of <paramref name="baseline"/>.</summary>
    public RunFigures Over(RunFigures baseline) =>
        new(OpsPerSecond / baseline.OpsPerSecond, P50 / baseline.P50, P99 / baseline.P99, CpuPerOp / baseline.CpuPerOp);
}

/// <summary>The four figures as spreads over repetitions.</summary>
internal sealed record Figures(Spread OpsPerSecond, Spread P50, Spread P99, Spread CpuPerOp)
{
    public static Figures Of(IReadOnlyCollection<RunFigures> runs) => new(
        Spread.Of(runs.Select(r => r.OpsPerSecond)), Spread.Of(runs.Select(r => r.P50)),
        Spread.Of(runs.Select(r => r.P99)), Spread.Of(runs.Select(r => r.CpuPerOp)));
}

/// <summary>One configuration's figures over its repetitions.</summary>
/// <param name="Measured">The runs' own figures.</param>
/// <param name="Paired">
/// Each repetition's figures divided by those of none in the same repetition (run next to it, so drifts of the machine's
/// speed during the bench cancel), over the repetitions that ran both.
/// </param>
internal sealed record ConfigurationSummary(int Replicas, string FastPath, int Clients, int Runs, Figures Measured, Figures Paired);

/// <summary>Medians and ranges per configuration, as a table and as CSV, with ratios to no fast path.</summary>
internal static class BenchSummary
{
    public static List<ConfigurationSummary> From(IReadOnlyList<(int Repetition, LoadMeasurement Measurement)> runs)
    {
        // A count given twice (--clients 4,4) runs twice in a repetition: its runs pair with the first of none's.
        var baselines = runs.Where(r => r.Measurement.FastPath.ToString() == "none")
            .GroupBy(r => (r.Repetition, r.Measurement.Replicas, r.Measurement.Clients))
            .ToDictionary(g => g.Key, g => RunFigures.Of(g.First().Measurement));
        return
        [
            .. runs
                .GroupBy(r => (r.Measurement.Replicas, FastPath: r.Measurement.FastPath.ToString(), r.Measurement.Clients))
                .Select(g =>
                {
                    var measured = g.Select(r => RunFigures.Of(r.Measurement)).ToList();
                    var paired = new List<RunFigures>();
                    foreach (var (repetition, run) in g)
                    {
                        if (baselines.TryGetValue((repetition, g.Key.Replicas, g.Key.Clients), out var baseline))
                            paired.Add(RunFigures.Of(run).Over(baseline));
                    }
                    return new ConfigurationSummary(g.Key.Replicas, g.Key.FastPath, g.Key.Clients, measured.Count,
                        Figures.Of(measured), Figures.Of(paired));
                }),
        ];
    }

    /// <summary>The configuration with no fast path that <paramref name="row"/> is compared with, if it was run.</summary>
    public static ConfigurationSummary? BaselineOf(IReadOnlyList<ConfigurationSummary> rows, ConfigurationSummary row) =>
        rows.FirstOrDefault(r => r.FastPath == "none" && r.Replicas == row.Replicas && r.Clients == row.Clients);

    public static void WriteTable(TextWriter output, IReadOnlyList<ConfigurationSummary> rows)
    {
        output.WriteLine();
        output.WriteLine("medians [min-max] over the repetitions; ratios are medians against none at the same replicas and clients");
        output.WriteLine($"{"replicas",8} {"fast paths",-16} {"clients",7} {"ops/s",-22} {"p50 us",-20} {"p99 us",-20} {"CPU us/op",-20} {"ops/s×",6} {"p50×",6} {"p99×",6} {"CPU×",6}");
        foreach (var row in rows)
        {
            var baseline = BaselineOf(rows, row);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Replicas,8} {row.FastPath,-16} {row.Clients,7} {Show(row.Measured.OpsPerSecond, "F0"),-22} {Show(row.Measured.P50, "F0"),-20} {Show(row.Measured.P99, "F0"),-20} {Show(row.Measured.CpuPerOp, "F1"),-20} " +
                $"{Ratio(row.Measured.OpsPerSecond, baseline?.Measured.OpsPerSecond),6} {Ratio(row.Measured.P50, baseline?.Measured.P50),6} {Ratio(row.Measured.P99, baseline?.Measured.P99),6} {Ratio(row.Measured.CpuPerOp, baseline?.Measured.CpuPerOp),6}"));
        }
        output.WriteLine();
        output.WriteLine("paired ratios: each run against none in the same repetition, median [min-max] over the repetitions");
        output.WriteLine($"{"replicas",8} {"fast paths",-16} {"clients",7} {"ops/s×",-18} {"p50×",-18} {"p99×",-18} {"CPU×",-18}");
        foreach (var row in rows.Where(r => r.FastPath != "none"))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Replicas,8} {row.FastPath,-16} {row.Clients,7} {Show(row.Paired.OpsPerSecond, "F2"),-18} {Show(row.Paired.P50, "F2"),-18} {Show(row.Paired.P99, "F2"),-18} {Show(row.Paired.CpuPerOp, "F2"),-18}"));
    }

    public static void WriteRunsCsv(string path, IEnumerable<(int Repetition, LoadMeasurement Measurement)> runs)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("repetition,replicas,fast_paths,clients,completed,ops_per_s,p50_us,p90_us,p99_us,p999_us,resends,machine_cpu_s,machine_cpu_us_per_op");
        foreach (var (repetition, m) in runs)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{repetition},{m.Replicas},{m.FastPath},{m.Clients},{m.Summary.Completed},{m.Summary.OpsPerSecond:F0},{m.Summary.P50},{m.Summary.P90},{m.Summary.P99},{m.Summary.P999},{m.Summary.Resends},{m.MachineCpu.TotalSeconds:F2},{m.CpuMicrosecondsPerOp:F2}"));
    }

    public static void WriteSummaryCsv(string path, IReadOnlyList<ConfigurationSummary> rows)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("replicas,fast_paths,clients,runs,ops_per_s_median,ops_per_s_min,ops_per_s_max,p50_us_median,p50_us_min,p50_us_max," +
                         "p99_us_median,p99_us_min,p99_us_max,cpu_us_per_op_median,cpu_us_per_op_min,cpu_us_per_op_max," +
                         "ops_per_s_ratio,p50_ratio,p99_ratio,cpu_per_op_ratio," +
                         "ops_per_s_paired_ratio,p50_paired_ratio,p99_paired_ratio,cpu_per_op_paired_ratio");
        foreach (var row in rows)
        {
            var baseline = BaselineOf(rows, row);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Replicas},{row.FastPath},{row.Clients},{row.Runs},{Csv(row.Measured.OpsPerSecond)},{Csv(row.Measured.P50)},{Csv(row.Measured.P99)},{Csv(row.Measured.CpuPerOp)}," +
                $"{Ratio(row.Measured.OpsPerSecond, baseline?.Measured.OpsPerSecond)},{Ratio(row.Measured.P50, baseline?.Measured.P50)},{Ratio(row.Measured.P99, baseline?.Measured.P99)},{Ratio(row.Measured.CpuPerOp, baseline?.Measured.CpuPerOp)}," +
                $"{Median(row.Paired.OpsPerSecond)},{Median(row.Paired.P50)},{Median(row.Paired.P99)},{Median(row.Paired.CpuPerOp)}"));
        }
    }

    private static string Median(Spread spread) =>
        double.IsNaN(spread.Median) ? "" : spread.Median.ToString("F2", CultureInfo.InvariantCulture);

    private static string Show(Spread spread, string format) =>
        string.Create(CultureInfo.InvariantCulture, $"{spread.Median.ToString(format, CultureInfo.InvariantCulture)} [{spread.Min.ToString(format, CultureInfo.InvariantCulture)}-{spread.Max.ToString(format, CultureInfo.InvariantCulture)}]");

    private static string Csv(Spread spread) =>
        string.Create(CultureInfo.InvariantCulture, $"{spread.Median:F2},{spread.Min:F2},{spread.Max:F2}");

    private static string Ratio(Spread value, Spread? baseline) =>
        baseline is { Median: > 0 } b && !double.IsNaN(value.Median)
            ? (value.Median / b.Median).ToString("F2", CultureInfo.InvariantCulture)
            : "";
}
