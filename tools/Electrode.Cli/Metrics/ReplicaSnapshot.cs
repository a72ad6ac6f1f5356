namespace Electrode.Cli.Metrics;

/// <summary>A replica's counters read at one moment on its transport thread, for one Prometheus scrape.</summary>
internal sealed record ReplicaSnapshot(
    ulong View,
    ulong LastOp,
    ulong Committed,
    long ViewChanges,
    long StateTransfers,
    long Resends,
    long MalformedDatagrams,
    bool IsLeader);
