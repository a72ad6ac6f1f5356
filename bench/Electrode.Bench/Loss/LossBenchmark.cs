using System.Globalization;
using System.Runtime.InteropServices;
using BpfSharp.Loader;
using Electrode.Bench.Loopback;
using Electrode.Cluster.Load;
using Electrode.Faults.Control;
using Electrode.Faults.Layout;
using Electrode.Faults.Namespaces;

namespace Electrode.Bench.Loss;

/// <summary>
/// 3 <c>electrode replica --app kv</c> processes and one <c>electrode client</c> in a fresh network namespace whose
/// loopback runs the fault injector on the replicas' ports: one client run without faults, one with the configured loss
/// (and duplication), compared side by side with the injector's counters.
/// </summary>
internal static class LossBenchmark
{
    private const int Replicas = 3;
    private const int FirstPort = 7001;
    private static readonly TimeSpan ClientGrace = TimeSpan.FromSeconds(30);

    // The client run in progress, stopped by SIGINT/SIGTERM so that the namespace and the replicas are removed.
    private static ElectrodeCommand? s_running;
    private static volatile bool s_interrupted;

    public static int Run(string[] args)
    {
        if (LossOptions.Parse(args) is not { } options)
            return 2;
        var faults = new FaultSettings
        {
            FirstPort = FirstPort,
            LastPort = FirstPort + Replicas - 1,
            Seed = options.Seed,
        };
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopRunningClient);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopRunningClient);
        LossNamespace? ns = null;
        ReplicaProcesses? replicas = null;
        var directory = Directory.CreateTempSubdirectory("electrode-loss-");
        try
        {
            ns = LossNamespace.Create(faults);
            string cluster = Path.Combine(directory.FullName, "cluster.txt");
            ReplicaProcesses.WriteClusterFile(cluster, [.. Enumerable.Range(FirstPort, Replicas)]);
            replicas = ReplicaProcesses.Start(Replicas, i => StartReplica(ns, cluster, i, directory.FullName));

            Console.WriteLine($"loss: {Replicas} kv replicas and {options.Clients} clients in network namespace {ns.Name}, " +
                              $"faults on UDP ports {faults.FirstPort}-{faults.LastPort} (seed {options.Seed}), " +
                              $"{options.Requests} measured requests per run after {options.WarmupSeconds} s warm-up " +
                              "(the injector's counters cover each whole client run, warm-up included)");
            Console.WriteLine($"{"run",-22} {"ops/s",9} {"p50 us",9} {"p99 us",9} {"resends",8} {"seen",9} {"dropped",8} {"duplicated",10}");
            var baseline = Measure(ns, cluster, options, "no loss", faults);
            var lossy = Measure(ns, cluster, options, FaultName(options),
                faults with { LossPpm = options.LossPpm, DuplicatePpm = options.DuplicatePpm });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"ratio loss/no loss",-22} {lossy.Summary.OpsPerSecond / baseline.Summary.OpsPerSecond,9:F2} " +
                $"{Ratio(lossy.Summary.P50, baseline.Summary.P50),9:F2} {Ratio(lossy.Summary.P99, baseline.Summary.P99),9:F2}"));
            WriteCsv(options, [baseline, lossy]);
            Console.WriteLine($"wrote {Path.GetFullPath(options.Csv)}");
            return 0;
        }
        catch (Exception e) when (e is BenchmarkException or Electrode.Cluster.ClusterException or FaultInjectionException or BpfException or ArgumentException)
        {
            Console.Error.WriteLine($"Electrode.Bench loss: {e.Message}");
            return 1;
        }
        finally
        {
            replicas?.Dispose();
            RemoveNamespace(ns);
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Removes the namespace; what could not be removed is named on one line (the message lists each failure), not in a stack trace.</summary>
    private static void RemoveNamespace(LossNamespace? ns)
    {
        try
        {
            ns?.Dispose();
        }
        catch (AggregateException e)
        {
            Console.Error.WriteLine($"Electrode.Bench loss: {e.Message}");
        }
    }

    /// <summary>
    /// Replica <paramref name="index"/> inside the namespace, with a data directory of its own under the benchmark's
    /// temporary directory (removed with it).
    /// </summary>
    private static ElectrodeCommand StartReplica(LossNamespace ns, string cluster, int index, string directory)
    {
        string dataDirectory = Directory.CreateDirectory(Path.Combine(directory, $"replica-{index}")).FullName;
        return ElectrodeCommand.Start(ns.StartInfo(ElectrodeCommand.Executable,
            ["replica", "-c", cluster, "-i", $"{index}", "--app", "kv", "--data-dir", dataDirectory]));
    }

    private static ClientRun Measure(LossNamespace ns, string cluster, LossOptions options, string name, FaultSettings settings)
    {
        if (s_interrupted)
            throw new BenchmarkException("interrupted");
        ns.Injector.Configure(settings);
        var before = ns.Injector.ReadCounters();
        using var client = ElectrodeCommand.Start(ns.StartInfo(ElectrodeCommand.Executable,
        [
            "client", "-c", cluster, "--app", "kv", "-t", $"{options.Clients}", "-n", $"{options.Requests}", "--bind", "127.0.0.1",
            "--warmup", options.WarmupSeconds.ToString(CultureInfo.InvariantCulture), "--deadline", $"{options.DeadlineSeconds}",
        ]));
        s_running = client;
        var lines = client.WaitForExit(TimeSpan.FromSeconds(options.DeadlineSeconds) + ClientGrace);
        s_running = null;
        if (s_interrupted)
            throw new BenchmarkException($"interrupted during the '{name}' client run");
        if (lines is null)
            throw new BenchmarkException($"the '{name}' client run outlived its deadline of {options.DeadlineSeconds} s");
        if (client.ExitCode != 0)
            throw new BenchmarkException($"the '{name}' client run failed ({client.ExitCode}): {client.Errors}");
        var run = new ClientRun(name, settings, ClientSummary.Parse(lines), ns.Injector.ReadCounters() - before);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run.Name,-22} {run.Summary.OpsPerSecond,9:F0} {run.Summary.P50,9} {run.Summary.P99,9} {run.Summary.Resends,8} " +
            $"{run.Faults.Seen,9} {run.Faults.Dropped,8} {run.Faults.Duplicated,10}"));
        return run;
    }

    /// <summary>The faulty run's name, in percent (the CSV also has the rates in ppm).</summary>
    private static string FaultName(LossOptions options)
    {
        string loss = string.Create(CultureInfo.InvariantCulture, $"loss {options.LossPpm / 10_000.0:0.###}%");
        return options.DuplicatePpm == 0 ? loss : string.Create(CultureInfo.InvariantCulture, $"{loss} dup {options.DuplicatePpm / 10_000.0:0.###}%");
    }

    private static double Ratio(long value, long baseline) => baseline == 0 ? double.NaN : (double)value / baseline;

    private static void StopRunningClient(PosixSignalContext context)
    {
        context.Cancel = true;
        s_interrupted = true;
        s_running?.Stop(TimeSpan.FromSeconds(5));
    }

    private static void WriteCsv(LossOptions options, IEnumerable<ClientRun> runs)
    {
        using var writer = new StreamWriter(options.Csv);
        writer.WriteLine("run,loss_ppm,duplicate_ppm,seed,replicas,clients,requests,ops_per_s,p50_us,p99_us,resends,packets_seen,packets_dropped,packets_duplicated");
        foreach (var r in runs)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name},{r.Settings.LossPpm},{r.Settings.DuplicatePpm},{options.Seed},{Replicas},{options.Clients},{options.Requests}," +
                $"{r.Summary.OpsPerSecond:F0},{r.Summary.P50},{r.Summary.P99},{r.Summary.Resends},{r.Faults.Seen},{r.Faults.Dropped},{r.Faults.Duplicated}"));
    }

    /// <summary>One client run: its settings, what the client reported, and what the injector did meanwhile.</summary>
    private sealed record ClientRun(string Name, FaultSettings Settings, ClientSummary Summary, FaultCounters Faults);
}
