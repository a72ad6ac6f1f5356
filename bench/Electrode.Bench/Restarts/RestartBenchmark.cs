using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BpfSharp.Loader;
using Electrode.Bench.Loopback;
using Electrode.Cluster.Load;
using Electrode.Faults.Control;
using Electrode.Faults.Namespaces;

namespace Electrode.Bench.Restarts;

/// <summary>
/// The leader killed with SIGKILL under a key-value load and started again with the same command before the
/// followers' view-change timeout, run after run: does anything acknowledged get lost? Each run is a fresh cluster in a
/// fresh network namespace (optionally with loss and duplication on its loopback); the client records its history of
/// 8 clients over 16 shared keys and checks it for linearizability, and the replicas' stop lines must show one log.
/// </summary>
internal static partial class RestartBenchmark
{
    private const int FirstPort = 7001;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static int Run(string[] args)
    {
        if (RestartOptions.Parse(args) is not { } options)
            return 2;
        Console.WriteLine($"restarts: {options.Runs} runs of {options.Replicas} kv replicas (batch {options.Batch}), {options.Clients} clients on " +
                          $"16 shared keys, loss {options.LossPpm} ppm, duplication {options.DuplicatePpm} ppm; the leader is killed " +
                          $"{options.KillAfterSeconds} s into the load and restarted {options.DownSeconds} s later, the load goes on {options.ThenSeconds} s more");
        Console.WriteLine($"{"run",4} {"operations",11} {"verdict",-16} {"recovered s",11} {"logs",-6} {"conflicts",9} {"resends",8}");
        var rows = new List<RunResult>();
        try
        {
            for (int run = 1; run <= options.Runs; run++)
            {
                var result = RunOnce(options, run);
                rows.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{run,4} {result.Operations,11} {result.Verdict,-16} {result.RecoveredAfter.TotalSeconds,11:F2} {(result.LogsEqual ? "equal" : "DIFFER"),-6} {result.Conflicts,9} {result.Resends,8}"));
            }
        }
        catch (Exception e) when (e is BenchmarkException or Electrode.Cluster.ClusterException or FaultInjectionException or BpfException or ArgumentException)
        {
            Console.Error.WriteLine($"Electrode.Bench restarts: {e.Message}");
            return 1;
        }
        int violations = rows.Count(r => r.Verdict != "linearizable" || !r.LogsEqual);
        Console.WriteLine($"total: {rows.Sum(r => r.Operations)} operations checked in {rows.Count} runs, {violations} runs with a violation or differing logs");
        WriteCsv(options, rows);
        Console.WriteLine($"wrote {Path.GetFullPath(options.Csv)}");
        return violations == 0 ? 0 : 1;
    }

    private static RunResult RunOnce(RestartOptions options, int run)
    {
        var faults = new FaultSettings
        {
            FirstPort = FirstPort,
            LastPort = (ushort)(FirstPort + options.Replicas - 1),
            Seed = options.Seed + (ulong)run,
            LossPpm = options.LossPpm,
            DuplicatePpm = options.DuplicatePpm,
        };
        var directory = Directory.CreateTempSubdirectory("electrode-restarts-");
        LossNamespace? ns = null;
        ReplicaProcesses? replicas = null;
        ElectrodeCommand? restarted = null;
        try
        {
            ns = LossNamespace.Create(faults);
            string cluster = Path.Combine(directory.FullName, "cluster.txt");
            ReplicaProcesses.WriteClusterFile(cluster, [.. Enumerable.Range(FirstPort, options.Replicas)]);
            ElectrodeCommand StartReplica(int i) => ElectrodeCommand.Start(ns.StartInfo(ElectrodeCommand.Executable,
                ["replica", "-c", cluster, "-i", $"{i}", "--app", "kv", "--batch", $"{options.Batch}",
                 "--data-dir", Path.Combine(directory.FullName, $"replica-{i}")]));
            replicas = ReplicaProcesses.Start(options.Replicas, StartReplica);

            string history = Path.Combine(directory.FullName, "history.jsonl");
            using var client = ElectrodeCommand.Start(ns.StartInfo(ElectrodeCommand.Executable,
            [
                "client", "-c", cluster, "--app", "kv", "-t", $"{options.Clients}", "-n", "100000000", "--shared-keys", "16",
                "--history", history, "--deadline", "600", "--bind", "127.0.0.1",
            ]));
            Thread.Sleep(TimeSpan.FromSeconds(options.KillAfterSeconds));
            replicas.Commands[0].Crash();
            Thread.Sleep(TimeSpan.FromSeconds(options.DownSeconds));
            var restartedAt = Stopwatch.GetTimestamp();
            restarted = StartReplica(0);
            if (restarted.WaitForLine("replica 0 recovered:", Patience) is null)
                throw new BenchmarkException($"run {run}: the restarted leader did not recover within {Patience.TotalSeconds} s: {restarted.Errors}");
            var recoveredAfter = Stopwatch.GetElapsedTime(restartedAt);
            Thread.Sleep(TimeSpan.FromSeconds(options.ThenSeconds));

            client.Stop(Patience);
            var lines = client.WaitForExit(Patience) ?? throw new BenchmarkException($"run {run}: the client did not stop");
            var verdict = lines.Select(l => HistoryLine().Match(l)).FirstOrDefault(m => m.Success)
                ?? throw new BenchmarkException($"run {run}: the client printed no history verdict: {client.Errors}");
            var summary = ClientSummary.Parse(lines);

            var stopLines = new List<string>();
            foreach (var (replica, index) in replicas.Commands.Select((r, i) => (i == 0 ? restarted : r, i)))
            {
                replica.Stop(Patience);
                var output = replica.WaitForExit(Patience) ?? [];
                stopLines.Add(output.FirstOrDefault(l => l.StartsWith($"replica {index} stopped:", StringComparison.Ordinal))
                              ?? throw new BenchmarkException($"run {run}: replica {index} printed no stop line"));
            }
            var logs = stopLines.Select(l => LogOf().Match(l)).ToList();
            return new RunResult(run, int.Parse(verdict.Groups[2].Value.Length > 0 ? verdict.Groups[2].Value : "0", CultureInfo.InvariantCulture),
                verdict.Groups[1].Value, recoveredAfter, logs.All(m => m.Success) && logs.Select(m => m.Groups[1].Value).Distinct().Count() == 1,
                logs.Sum(m => m.Success ? long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0), summary.Resends);
        }
        finally
        {
            restarted?.Stop(TimeSpan.FromSeconds(10));
            restarted?.Dispose();
            replicas?.Dispose();
            try
            {
                ns?.Dispose();
            }
            catch (AggregateException e)
            {
                Console.Error.WriteLine($"Electrode.Bench restarts: {e.Message}");
            }
            directory.Delete(recursive: true);
        }
    }

    private static void WriteCsv(RestartOptions options, IEnumerable<RunResult> rows)
    {
        using var writer = new StreamWriter(options.Csv);
        writer.WriteLine("run,replicas,batch,clients,loss_ppm,duplicate_ppm,operations,verdict,recovered_s,logs_equal,conflicting_prepares,resends");
        foreach (var r in rows)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Run},{options.Replicas},{options.Batch},{options.Clients},{options.LossPpm},{options.DuplicatePpm},{r.Operations},{r.Verdict},{r.RecoveredAfter.TotalSeconds:F2},{r.LogsEqual},{r.Conflicts},{r.Resends}"));
    }

    [GeneratedRegex(@"^history:    (linearizable|not linearizable|unknown)(?:: (\d+) operations)?")]
    private static partial Regex HistoryLine();

    [GeneratedRegex(@"log digest ([0-9a-f]{16}), conflicting prepares (\d+)")]
    private static partial Regex LogOf();

    private sealed record RunResult(int Run, int Operations, string Verdict, TimeSpan RecoveredAfter, bool LogsEqual, long Conflicts, long Resends);
}
