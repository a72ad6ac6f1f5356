namespace Electrode.Bench.Loopback;

/// <summary>
/// The <c>electrode replica</c> processes of one cluster on 127.0.0.1, each started and waited for until it listens.
/// Disposing stops each with SIGTERM (then kills it), by its own PID.
/// </summary>
internal sealed class ReplicaProcesses : IDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);

    private readonly List<ElectrodeCommand> replicas = [];

    private ReplicaProcesses()
    {
    }

    /// <summary>The processes, by replica index.</summary>
    public IReadOnlyList<ElectrodeCommand> Commands => replicas;

    /// <summary>Writes a cluster file of replicas on 127.0.0.1 at <paramref name="ports"/> (f = (n - 1) / 2).</summary>
    public static void WriteClusterFile(string path, IReadOnlyList<int> ports) =>
        File.WriteAllLines(path, [$"f {(ports.Count - 1) / 2}", .. ports.Select(p => $"replica 127.0.0.1:{p}")]);

    /// <summary>Starts replicas 0 to <paramref name="count"/> - 1 with <paramref name="start"/>, one after another, each once it listens.</summary>
    /// <exception cref="BenchmarkException">A replica did not say it listens within 30 s; those started are stopped.</exception>
    public static ReplicaProcesses Start(int count, Func<int, ElectrodeCommand> start)
    {
        var started = new ReplicaProcesses();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var replica = start(i);
                started.replicas.Add(replica);
                if (replica.WaitForLine($"replica {i} of {count} listening", StartPatience) is null)
                    throw new BenchmarkException($"replica {i} did not start: {replica.Errors}");
            }
            return started;
        }
        catch
        {
            started.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var replica in replicas)
        {
            replica.Stop(StopPatience);
            replica.Dispose();
        }
    }
}
