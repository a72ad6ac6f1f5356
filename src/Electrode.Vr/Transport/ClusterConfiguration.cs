namespace Electrode.Vr.Transport;

/// <summary>
/// The replicas of a cluster: their addresses in index order. The leader of view v is replica v mod n,
/// and f = (n - 1) / 2 failures are tolerated. Size and addresses are data, never constants.
/// </summary>
public sealed class ClusterConfiguration
{
    /// <summary>Creates a configuration from replica addresses in index order.</summary>
    public ClusterConfiguration(IReadOnlyList<ReplicaEndpoint> replicas)
    {
        if (replicas.Count is < 1 or > MaxReplicas)
            throw new ArgumentException($"a cluster has 1 to {MaxReplicas} replicas, not {replicas.Count}", nameof(replicas));
        Replicas = replicas;
    }

    /// <summary>Largest cluster the kernel fast paths support.</summary>
    public const int MaxReplicas = 16;

    /// <summary>Replica endpoints in index order.</summary>
    public IReadOnlyList<ReplicaEndpoint> Replicas { get; }

    /// <summary>Number of replicas, n.</summary>
    public int Count => Replicas.Count;

    /// <summary>Failures tolerated, f = (n - 1) / 2.</summary>
    public int F => (Count - 1) / 2;

    /// <summary>
    /// Votes (the leader's included) that make a quorum: a majority, n / 2 + 1. That is f + 1 for the odd sizes VR is
    /// meant for; with an even n, f + 1 would let two disjoint halves each commit or elect a leader.
    /// </summary>
    public int QuorumSize => Count / 2 + 1;

    /// <summary>Index of the leader of <paramref name="view"/>.</summary>
    public int LeaderOf(ulong view) => (int)(view % (ulong)Count);

    /// <summary><paramref name="index"/>, when it names a replica of this configuration.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It does not.</exception>
    internal int CheckReplicaIndex(int index) =>
        (uint)index < (uint)Count
            ? index
            : throw new ArgumentOutOfRangeException(nameof(index), $"replica index {index} is outside 0..{Count - 1}");
}

/// <summary>One replica's address, and the MAC of its interface for the kernel fast paths.</summary>
public sealed record ReplicaEndpoint(EndpointAddress Address, byte[]? Mac = null);
