using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Electrode.Cluster.Load;

namespace Electrode.Bench.Loopback;

/// <summary>
/// Throughput and latency of a 3-replica cluster of <c>electrode replica</c> processes on 127.0.0.1, loaded by
/// <c>electrode client</c> with 1 and then 4 closed-loop clients. Pure userspace VR, no fast path.
/// </summary>
internal static class LoopbackBenchmark
{
    private const int Replicas = 3;
    private static readonly int[] ClientCounts = [1, 4];
    private const int WarmUpRequests = 20_000;

    public static int Run(string[] args)
    {
        int requests = 10_000;
        double warmup = 1;
        const double MinimumWarmup = 0.1;
        string csv = "loopback.csv";
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--requests" when int.TryParse(value, out requests) && requests > 0: i++; break;
                case "--warmup" when double.TryParse(value, CultureInfo.InvariantCulture, out warmup) && warmup >= MinimumWarmup: i++; break;
                case "--csv" when value is not null: csv = value; i++; break;
                default:
                    Console.Error.WriteLine($"Electrode.Bench loopback: bad option '{args[i]}' (--requests N, --warmup S, --csv FILE)");
                    return 2;
            }
        }

        var directory = Directory.CreateTempSubdirectory("electrode-bench-");
        ReplicaProcesses? replicas = null;
        try
        {
            string cluster = Path.Combine(directory.FullName, "cluster.txt");
            ReplicaProcesses.WriteClusterFile(cluster, FreeLoopbackPorts(Replicas));
            replicas = ReplicaProcesses.Start(Replicas, i => ElectrodeCommand.Start("replica", "-c", cluster, "-i", $"{i}",
                "--data-dir", Path.Combine(directory.FullName, $"replica-{i}")));

            WarmUpReplicas(cluster);
            Console.WriteLine($"loopback: {Replicas} replica processes on 127.0.0.1, no fast path, {requests} measured requests per run after {warmup} s warm-up (and one unmeasured run of {WarmUpRequests} requests first)");
            Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, load average {LoadAverage()} before the runs");
            Console.WriteLine($"{"clients",7} {"ops/s",9} {"p50 us",8} {"p90 us",8} {"p99 us",8} {"p99.9 us",9} {"replica CPU us/op",18}");
            var rows = new List<Row>();
            foreach (int clients in ClientCounts)
            {
                var row = RunClient(cluster, replicas.Commands, clients, requests, warmup);
                rows.Add(row);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Clients,7} {row.OpsPerSecond,9:F0} {row.P50,8} {row.P90,8} {row.P99,8} {row.P999,9} {row.ReplicaCpuMicrosPerOp,18:F1}"));
            }
            WriteCsv(csv, rows);
            Console.WriteLine($"wrote {Path.GetFullPath(csv)}");
            return 0;
        }
        catch (Exception e) when (e is BenchmarkException or Electrode.Cluster.ClusterException)
        {
            Console.Error.WriteLine($"Electrode.Bench loopback: {e.Message}");
            return 1;
        }
        finally
        {
            replicas?.Dispose();
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// One unmeasured run, so that the replicas' tiered JIT has compiled the hot path before the first measured run
    /// (its CPU time would otherwise land in the replica CPU of the 1-client run).
    /// </summary>
    private static void WarmUpReplicas(string cluster)
    {
        using var client = ElectrodeCommand.Start("client", "-c", cluster, "-n", $"{WarmUpRequests}", "-t", "4",
            "--bind", "127.0.0.1", "--deadline", "120");
        if (client.WaitForExit(TimeSpan.FromSeconds(150)) is null || client.ExitCode != 0)
            throw new BenchmarkException($"the warm-up run failed: {client.Errors}");
    }

    private static Row RunClient(string cluster, IReadOnlyList<ElectrodeCommand> replicas, int clients, int requests, double warmup)
    {
        using var client = ElectrodeCommand.Start("client", "-c", cluster, "-n", $"{requests}", "-t", $"{clients}",
            "--warmup", warmup.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--deadline", "300");
        // Replica CPU is counted from the end of the warm-up, so start-up and JIT time stay out of it.
        if (client.WaitForLine("warm-up done", TimeSpan.FromSeconds(60)) is null)
            throw new BenchmarkException($"the client with {clients} clients never finished its warm-up: {client.Errors}");
        var cpuBefore = replicas.Select(r => r.CpuTime).ToList();
        var lines = client.WaitForExit(TimeSpan.FromSeconds(330))
            ?? throw new BenchmarkException($"the client with {clients} clients did not finish");
        var replicaCpu = replicas.Select((r, i) => r.CpuTime - cpuBefore[i]).Aggregate(TimeSpan.Zero, (a, b) => a + b);
        if (client.ExitCode != 0)
            throw new BenchmarkException($"the client with {clients} clients failed ({client.ExitCode}): {client.Errors}");

        var summary = ClientSummary.Parse(lines);
        return new Row(clients, requests, summary.OpsPerSecond, summary.P50, summary.P90, summary.P99, summary.P999,
            replicaCpu.TotalMicroseconds / requests);
    }

    private static void WriteCsv(string path, IEnumerable<Row> rows)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("replicas,clients,requests,ops_per_s,p50_us,p90_us,p99_us,p999_us,replica_cpu_us_per_op");
        foreach (var r in rows)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Replicas},{r.Clients},{r.Requests},{r.OpsPerSecond:F0},{r.P50},{r.P90},{r.P99},{r.P999},{r.ReplicaCpuMicrosPerOp:F1}"));
    }

    /// <summary>The 1-minute load average: on a shared machine the figures mean little without it.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static List<int> FreeLoopbackPorts(int count)
    {
        var sockets = Enumerable.Range(0, count).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToList();
        var ports = sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToList();
        sockets.ForEach(s => s.Dispose());
        return ports;
    }

    private sealed record Row(int Clients, int Requests, double OpsPerSecond, long P50, long P90, long P99, long P999, double ReplicaCpuMicrosPerOp);
}
