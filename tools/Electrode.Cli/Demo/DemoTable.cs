using System.Globalization;
using Electrode.Cluster;
using Electrode.Cluster.Load;

namespace Electrode.Cli.Demo;

/// <summary>The demo's side-by-side table: no fast path, the kernel fast paths, and their ratio.</summary>
internal static class DemoTable
{
    public static void Write(TextWriter output, LoadMeasurement baseline, LoadMeasurement? accelerated, FastPathChoice kernel)
    {
        string Cell(double? value, string format) => value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        double? Ratio(double? a, double b) => a is { } x && b > 0 ? x / b : null;
        var rows = new (string Name, double Baseline, double? Kernel, string Format)[]
        {
            ("throughput (ops/s)", baseline.Summary.OpsPerSecond, accelerated?.Summary.OpsPerSecond, "F0"),
            ("p50 latency (us)", baseline.Summary.P50, accelerated?.Summary.P50, "F0"),
            ("p99 latency (us)", baseline.Summary.P99, accelerated?.Summary.P99, "F0"),
            ("machine CPU per op (us)", baseline.CpuMicrosecondsPerOp, accelerated?.CpuMicrosecondsPerOp, "F1"),
        };
        output.WriteLine();
        output.WriteLine($"{"",-24} {"none",12} {kernel.ToString(),14} {"ratio",8}");
        foreach (var (name, none, fast, format) in rows)
            output.WriteLine($"{name,-24} {Cell(none, format),12} {Cell(fast, format),14} {Cell(Ratio(fast, none), "F2"),8}");
        output.WriteLine($"{"operations measured",-24} {baseline.Summary.Completed,12} {(accelerated is null ? "-" : accelerated.Summary.Completed.ToString(CultureInfo.InvariantCulture)),14}");
        output.WriteLine("ratio: fast paths / none; CPU is every CPU's busy time (user, system, irq, softirq) over the measured interval.");
    }
}
