using ScottPlot;

namespace Electrode.Cli.Bench;

/// <summary>The benchmark's two plots, drawn with ScottPlot from the medians.</summary>
internal static class BenchPlots
{
    private const int Width = 1000;
    private const int Height = 650;

    /// <summary>Writes both plots into <paramref name="directory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<ConfigurationSummary> rows)
    {
        string latency = Path.Combine(directory, "throughput-latency.png");
        string cpu = Path.Combine(directory, "cpu-per-op.png");
        ThroughputAgainstLatency(rows).SavePng(latency, Width, Height);
        CpuPerOp(rows).SavePng(cpu, Width, Height);
        return [latency, cpu];
    }

    /// <summary>Median ops/s against median p50, one line per cluster size and fast-path configuration, through its client counts.</summary>
    private static Plot ThroughputAgainstLatency(IReadOnlyList<ConfigurationSummary> rows)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int series = 0;
        foreach (var configuration in rows.GroupBy(r => (r.Replicas, r.FastPath)))
        {
            var points = configuration.OrderBy(r => r.Clients).ToArray();
            var scatter = plot.Add.Scatter(points.Select(p => p.Measured.OpsPerSecond.Median).ToArray(), points.Select(p => p.Measured.P50.Median).ToArray());
            scatter.LegendText = $"{configuration.Key.Replicas} replicas, {configuration.Key.FastPath}";
            scatter.Color = palette.GetColor(series++);
            scatter.MarkerSize = 8;
            foreach (var point in points)
                plot.Add.Text($"{point.Clients}", point.Measured.OpsPerSecond.Median, point.Measured.P50.Median).LabelFontSize = 11;
        }
        plot.Title("Throughput against median latency (labels: closed-loop clients)");
        plot.XLabel("throughput (ops/s, median)");
        plot.YLabel("p50 latency (us, median)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Median machine CPU time per operation, one bar per configuration and client count.</summary>
    private static Plot CpuPerOp(IReadOnlyList<ConfigurationSummary> rows)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var fastPaths = rows.Select(r => r.FastPath).Distinct().ToList();
        var groups = rows.Select(r => (r.Replicas, r.Clients)).Distinct().OrderBy(g => g.Replicas).ThenBy(g => g.Clients).ToList();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        double groupWidth = fastPaths.Count + 1;
        for (int g = 0; g < groups.Count; g++)
        {
            for (int f = 0; f < fastPaths.Count; f++)
            {
                var row = rows.FirstOrDefault(r => r.Replicas == groups[g].Replicas && r.Clients == groups[g].Clients && r.FastPath == fastPaths[f]);
                if (row is null || double.IsNaN(row.Measured.CpuPerOp.Median))
                    continue;
                bars.Add(new Bar { Position = g * groupWidth + f, Value = row.Measured.CpuPerOp.Median, FillColor = palette.GetColor(f) });
            }
            ticks.Add(new Tick(g * groupWidth + (fastPaths.Count - 1) / 2.0, $"{groups[g].Replicas} replicas, {groups[g].Clients} clients"));
        }
        plot.Add.Bars(bars);
        for (int f = 0; f < fastPaths.Count; f++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = fastPaths[f], FillColor = palette.GetColor(f) });
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Machine CPU time per committed operation (median; all CPUs, softirq included)");
        plot.YLabel("CPU us per op");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
