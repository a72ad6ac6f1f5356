using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Electrode.Cli.Options;
using Electrode.Cluster;
using Electrode.Cluster.Load;
using Electrode.Cluster.Namespaces;

namespace Electrode.Cli.Bench;

/// <summary>
/// <c>electrode bench</c>: the cluster benchmark matrix (replicas × fast paths × clients), repeated with the
/// configurations alternated, summarised as medians and ranges in a table, two CSV files and two plots.
/// </summary>
internal sealed class BenchCommand : Command
{
    private readonly Option<int[]> replicasOption = new("--replicas")
    {
        HelpName = "n,n",
        Description = "cluster sizes",
        DefaultValueFactory = _ => [3, 5],
        CustomParser = OptionValues.WholeNumbers(1, 15),
    };

    private readonly Option<string> fastPathsOption = new("--fast-paths")
    {
        HelpName = "list",
        Description = "configurations, separated by commas: none, broadcast, prune, reply, all; "
            + "a kernel configuration may end in @every-record to wake the followers for every answered Prepare (default @batched), "
            + "and in @normal to schedule the followers' loops as any thread (default @idle: SCHED_IDLE while the kernel answers for them)",
        DefaultValueFactory = _ => "none,broadcast,prune,reply,all",
    };

    private readonly Option<int[]> clientsOption = new("--clients", "-t")
    {
        HelpName = "n,n",
        Description = "closed-loop client counts",
        DefaultValueFactory = _ => [1, 4, 16],
        CustomParser = OptionValues.WholeNumbers(1, 256),
    };

    private readonly Option<int> repetitionsOption = new("--repetitions")
    {
        HelpName = "count",
        Description = "runs of every configuration",
        DefaultValueFactory = _ => 3,
        CustomParser = OptionValues.WholeNumber(1, 100),
    };

    private readonly Option<double> secondsOption = SharedOptions.MeasuredSeconds(4);

    private readonly Option<double> warmupOption = SharedOptions.Warmup(1, 60);

    private readonly Option<string> xdpModeOption = SharedOptions.XdpMode("generic");

    private readonly Option<string> outOption = new("--out", "-o")
    {
        HelpName = "dir",
        Description = "where the CSV files and plots go",
        DefaultValueFactory = _ => "bench-results",
    };

    /// <summary>Printed after the options by <c>--help</c>.</summary>
    public const string Notes =
        """
        As root. For each repetition, for each cluster size, for each fast-path configuration: a fresh cluster in
        network namespaces (as electrode demo builds), then one closed-loop run of the null application per client count.
        Configurations are alternated (every configuration's first run before any second run), so drift on the machine
        spreads over all of them. Prints one line per run, then per configuration the median and the range (min-max)
        of ops/s, p50, p99 and machine CPU per operation, and the ratios of the medians to no fast path; then the
        paired ratios: each run divided by none's run in the same repetition, median and range over the repetitions
        (steadier when the machine's speed drifts during the bench).
        Writes <dir>/bench-runs.csv (every run), <dir>/bench-summary.csv (medians, ranges and both ratios),
        <dir>/throughput-latency.png (median ops/s against median p50, one line per configuration through its client
        counts) and <dir>/cpu-per-op.png (median machine CPU per op per configuration and client count).
        A configuration other than none needs the kernel fast paths (electrode attach); without them it is refused
        before anything runs. Exits 0 when every run was measured, 1 on a failure, 2 on bad usage, 130 when interrupted.
        """;

    public BenchCommand()
        : base("bench", "throughput, latency and CPU per op over replicas × fast paths × clients, with plots")
    {
        Options.Add(replicasOption);
        Options.Add(fastPathsOption);
        Options.Add(clientsOption);
        Options.Add(repetitionsOption);
        Options.Add(secondsOption);
        Options.Add(warmupOption);
        Options.Add(xdpModeOption);
        Options.Add(outOption);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var output = parsed.InvocationConfiguration.Output;
        var error = parsed.InvocationConfiguration.Error;
        var mode = parsed.GetRequiredValue(xdpModeOption) == "native" ? XdpMode.Native : XdpMode.Generic;
        var fastPaths = ParseFastPaths(parsed.GetRequiredValue(fastPathsOption), mode);
        int[] replicaCounts = parsed.GetRequiredValue(replicasOption);
        int[] clientCounts = parsed.GetRequiredValue(clientsOption);
        int repetitions = parsed.GetValue(repetitionsOption);
        var measure = TimeSpan.FromSeconds(parsed.GetValue(secondsOption));
        var warmup = TimeSpan.FromSeconds(parsed.GetValue(warmupOption));
        if (measure <= TimeSpan.Zero)
            throw new UsageException("option --seconds must be above 0");
        string outDirectory = parsed.GetRequiredValue(outOption);
        string executable = ElectrodeExecutable.Path;
        if (fastPaths.Any(f => f.UsesKernel) && KernelFastPathSupport.WhyUnavailable(executable) is { } why)
        {
            error.WriteLine($"electrode {Name}: --fast-paths {string.Join(',', fastPaths.Where(f => f.UsesKernel).Select(f => f.Paths))} needs the kernel fast paths: {why}; run with --fast-paths none");
            return CommandLine.Failed;
        }
        try
        {
            Directory.CreateDirectory(outDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot create the --out directory '{outDirectory}': {e.Message}");
        }

        using var cancel = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        int runs = repetitions * replicaCounts.Length * fastPaths.Count * clientCounts.Length;
        output.WriteLine($"electrode bench: {runs} runs ({repetitions} repetitions × replicas {string.Join(',', replicaCounts)} × " +
                         $"fast paths {string.Join(',', fastPaths)} × clients {string.Join(',', clientCounts)}), " +
                         $"{warmup.TotalSeconds:0.#} s warm-up and {measure.TotalSeconds:0.#} s measured each");
        output.WriteLine($"machine: {Environment.ProcessorCount} CPUs, load average {MachineCpu.OneMinuteLoadAverage()} (other work on the machine moves the figures)");
        output.WriteLine($"{"rep",3} {"replicas",8} {"fast paths",-16} {"clients",7} {"ops/s",9} {"p50 us",8} {"p99 us",8} {"CPU us/op",10}");
        var measurements = new List<(int Repetition, LoadMeasurement Measurement)>();
        try
        {
            for (int repetition = 1; repetition <= repetitions; repetition++)
            {
                foreach (int replicas in replicaCounts)
                {
                    foreach (var fastPath in fastPaths)
                    {
                        foreach (var measured in RunConfiguration(replicas, fastPath, clientCounts, warmup, measure, executable, cancel.Token))
                        {
                            measurements.Add((repetition, measured));
                            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"{repetition,3} {replicas,8} {fastPath,-16} {measured.Clients,7} {measured.Summary.OpsPerSecond,9:F0} {measured.Summary.P50,8} {measured.Summary.P99,8} {measured.CpuMicrosecondsPerOp,10:F1}"));
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"electrode {Name}: interrupted; everything it made has been removed");
            return 130;
        }
        catch (ClusterException e)
        {
            error.WriteLine($"electrode {Name}: {e.Message}");
            return CommandLine.Failed;
        }

        var summary = BenchSummary.From(measurements);
        BenchSummary.WriteTable(output, summary);
        string runsCsv = Path.Combine(outDirectory, "bench-runs.csv");
        string summaryCsv = Path.Combine(outDirectory, "bench-summary.csv");
        BenchSummary.WriteRunsCsv(runsCsv, measurements);
        BenchSummary.WriteSummaryCsv(summaryCsv, summary);
        var plots = BenchPlots.Write(outDirectory, summary);
        output.WriteLine($"wrote {Path.GetFullPath(runsCsv)}, {Path.GetFullPath(summaryCsv)}, {string.Join(", ", plots.Select(Path.GetFullPath))}");
        return CommandLine.Ok;

        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
    }

    /// <summary>One fresh cluster of <paramref name="replicas"/> on <paramref name="fastPath"/>, one run per client count.</summary>
    private static List<LoadMeasurement> RunConfiguration(int replicas, FastPathChoice fastPath, int[] clientCounts, TimeSpan warmup,
        TimeSpan measure, string executable, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var directory = Directory.CreateTempSubdirectory("electrode-bench-");
        try
        {
            using var cluster = NamespaceCluster.Create(new ClusterSpec
            {
                Replicas = replicas,
                ClientNamespaces = 1,
                FastPath = fastPath,
                App = "null",
                Executable = executable,
                WorkDirectory = directory.FullName,
            });
            return [.. clientCounts.Select(clients => ClosedLoopMeasurement.Run(cluster,
                new LoadPlan { Clients = clients, Warmup = warmup, Measure = measure, App = "null" }, cancel: cancel))];
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static List<FastPathChoice> ParseFastPaths(string list, XdpMode mode)
    {
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            throw new UsageException("option --fast-paths needs at least one of none, broadcast, prune, reply, all");
        try
        {
            return [.. names.Distinct().Select(n => FastPathChoice.Parse(n, mode))];
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"option --fast-paths: {e.Message}");
        }
    }
}
