namespace Electrode.Cluster.Load;

/// <summary>One closed-loop measurement: how many clients, how long to warm up and to measure, which application.</summary>
public sealed record LoadPlan
{
    /// <summary>Concurrent closed-loop clients (one client process runs them all).</summary>
    public int Clients { get; init; } = 1;

    /// <summary>Unmeasured load first, so the replicas' JIT has compiled the hot path.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the load is measured.</summary>
    public TimeSpan Measure { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The replicas' application (the client must send its operations).</summary>
    public string App { get; init; } = "null";
}
