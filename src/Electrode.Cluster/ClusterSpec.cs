namespace Electrode.Cluster;

/// <summary>What <see cref="Namespaces.NamespaceCluster.Create"/> builds.</summary>
public sealed record ClusterSpec
{
    /// <summary>UDP port every replica listens on (each at its own address).</summary>
    public const int ReplicaPort = 7001;

    /// <summary>Replicas, each in a namespace of its own (1 to 16).</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>Client namespaces (each can run any number of client processes).</summary>
    public int ClientNamespaces { get; init; } = 1;

    /// <summary>The fast paths the replicas run.</summary>
    public FastPathChoice FastPath { get; init; } = FastPathChoice.None;

    /// <summary>The replicated application: <c>kv</c>, <c>echo</c> or <c>null</c>.</summary>
    public string App { get; init; } = "kv";

    /// <summary>Most requests per Prepare.</summary>
    public int Batch { get; init; } = 1;

    /// <summary>The <c>electrode</c> executable to run in the namespaces.</summary>
    public required string Executable { get; init; }

    /// <summary>Where the cluster file and the replicas' data directories go; the caller owns and removes it.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>More arguments for replica <c>i</c>'s command line (for example <c>--metrics</c>).</summary>
    public Func<int, IEnumerable<string>>? MoreReplicaArguments { get; init; }
}
