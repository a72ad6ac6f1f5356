namespace Electrode.Vr.Replica;

/// <summary>What a replica dropped or noticed, for tests and status output.</summary>
public sealed class ReplicaCounters
{
    private readonly long[] ignored = new long[Enum.GetValues<IgnoreReason>().Length];

    /// <summary>Messages dropped for <paramref name="reason"/>.</summary>
    public long Ignored(IgnoreReason reason) => ignored[(int)reason];

    /// <summary>Messages dropped for any reason.</summary>
    public long IgnoredTotal => ignored.Sum();

    /// <summary>State transfers requested (retries not counted).</summary>
    public long StateTransfersRequested { get; internal set; }

    /// <summary>View changes this replica started or joined.</summary>
    public long ViewChangesStarted { get; internal set; }

    /// <summary>Messages sent again after their retry timeout ran out: Prepares, view-change, recovery and state-transfer messages.</summary>
    public long Resends { get; internal set; }

    /// <summary>Prepares the data plane handed over that did not follow the log (the data plane acknowledged them early).</summary>
    public long HandedOverOutOfOrder { get; internal set; }

    /// <summary>Publications the data plane refused because it had acknowledged Prepares not drained yet (each drained, then retried).</summary>
    public long PublicationsRetried { get; internal set; }

    internal void Ignore(IgnoreReason reason) => ignored[(int)reason]++;
}
