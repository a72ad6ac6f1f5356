using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Electrode.Cli.Options;
using Electrode.Cluster;
using Electrode.Cluster.Load;
using Electrode.Cluster.Namespaces;

namespace Electrode.Cli.Demo;

/// <summary>
/// <c>electrode demo</c>: three replicas in network namespaces on one bridge, a closed-loop load with no fast path and
/// then with the kernel fast paths, and the two side by side: throughput, latency and the whole machine's CPU time per
/// committed operation.
/// </summary>
internal sealed class DemoCommand : Command
{
    private const int Replicas = 3;

    private readonly Option<int> clientsOption = new("--clients", "-t")
    {
        HelpName = "count",
        Description = "closed-loop clients",
        DefaultValueFactory = _ => 1,
        CustomParser = OptionValues.WholeNumber(1, 256),
    };

    private readonly Option<double> secondsOption = SharedOptions.MeasuredSeconds(8);

    private readonly Option<double> warmupOption = SharedOptions.Warmup(2, 60);

    private readonly Option<string> fastPathsOption = new("--fast-paths")
    {
        HelpName = "paths",
        Description = "fast paths compared with none (all, or broadcast,prune,reply in any subset)",
        DefaultValueFactory = _ => "all",
    };

    private readonly Option<string> xdpModeOption = SharedOptions.XdpMode("generic");

    /// <summary>Printed after the options by <c>--help</c>.</summary>
    public const string Notes =
        """
        As root: builds 3 replica namespaces and one client namespace on a bridge in a namespace of its own (private
        10.x addresses that exist only there), runs a closed-loop load of the null application with no fast path, then
        again with the kernel fast paths attached (electrode attach in each replica's namespace), and prints ops/s, p50,
        p99 and the whole machine's CPU time per committed operation (all CPUs, softirq included, from /proc/stat over
        the measured interval) side by side with their ratios. Everything it made is removed at the end, on Ctrl-C and
        on failure. On a machine shared with other work the figures move with that work.
        Exits 0 when both runs were measured (or the kernel run could not be had, which it says), 1 on a failure, 2 on
        bad usage, 130 when interrupted.
        """;

    public DemoCommand()
        : base("demo", "3 replicas in network namespaces: no fast path against the kernel fast paths, side by side")
    {
        Options.Add(clientsOption);
        Options.Add(secondsOption);
        Options.Add(warmupOption);
        Options.Add(fastPathsOption);
        Options.Add(xdpModeOption);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var output = parsed.InvocationConfiguration.Output;
        var error = parsed.InvocationConfiguration.Error;
        FastPathChoice kernel;
        try
        {
            kernel = FastPathChoice.Parse(parsed.GetRequiredValue(fastPathsOption),
                parsed.GetRequiredValue(xdpModeOption) == "native" ? XdpMode.Native : XdpMode.Generic);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"option --fast-paths: {e.Message}");
        }
        var plan = new LoadPlan
        {
            Clients = parsed.GetValue(clientsOption),
            Measure = TimeSpan.FromSeconds(parsed.GetValue(secondsOption)),
            Warmup = TimeSpan.FromSeconds(parsed.GetValue(warmupOption)),
            App = "null",
        };
        if (plan.Measure <= TimeSpan.Zero)
            throw new UsageException("option --seconds must be above 0");
        string executable = ElectrodeExecutable.Path;

        using var cancel = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        output.WriteLine($"electrode demo: {Replicas} replicas, each in a network namespace, one bridge; {plan.Clients} closed-loop " +
                         $"client(s), {plan.Warmup.TotalSeconds:0.#} s warm-up and {plan.Measure.TotalSeconds:0.#} s measured per run");
        output.WriteLine($"machine: {Environment.ProcessorCount} CPUs, load average {MachineCpu.OneMinuteLoadAverage()} (other work on the machine moves the figures)");
        try
        {
            var baseline = Measure(FastPathChoice.None, plan, executable, output, cancel.Token);
            string? unavailable = KernelFastPathSupport.WhyUnavailable(executable);
            LoadMeasurement? accelerated = null;
            if (unavailable is null)
                accelerated = Measure(kernel, plan, executable, output, cancel.Token);
            else
                output.WriteLine($"{kernel}: not measured: {unavailable}");
            DemoTable.Write(output, baseline, accelerated, kernel);
            return CommandLine.Ok;
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

        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
    }

    private static LoadMeasurement Measure(FastPathChoice fastPath, LoadPlan plan, string executable, TextWriter output, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var directory = Directory.CreateTempSubdirectory("electrode-demo-");
        try
        {
            var progress = new ProgressLine(output, fastPath.ToString());
            progress.Show("building the cluster");
            using var cluster = NamespaceCluster.Create(new ClusterSpec
            {
                Replicas = Replicas,
                ClientNamespaces = 1,
                FastPath = fastPath,
                App = plan.App,
                Executable = executable,
                WorkDirectory = directory.FullName,
            });
            progress.Show($"warming up for {plan.Warmup.TotalSeconds:0.#} s");
            var measured = ClosedLoopMeasurement.Run(cluster, plan, p => progress.Show(
                string.Create(CultureInfo.InvariantCulture,
                    $"{Bar(p.Elapsed / p.Planned)} {p.Elapsed.TotalSeconds,4:F1}/{p.Planned.TotalSeconds:F0} s, leader committing {(p.CommittedPerSecond is { } r ? $"{r,7:F0}" : "      -")} ops/s")),
                cancel);
            progress.Done(string.Create(CultureInfo.InvariantCulture,
                $"{measured.Summary.OpsPerSecond:F0} ops/s, p50 {measured.Summary.P50} us, p99 {measured.Summary.P99} us, {measured.CpuMicrosecondsPerOp:F1} us CPU/op"));
            return measured;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Bar(double fraction)
    {
        int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 20);
        return "[" + new string('#', filled) + new string('.', 20 - filled) + "]";
    }
}
