namespace Electrode.Vr.FastPath;

/// <summary>What the data plane under a replica does on its own.</summary>
[Flags]
public enum FastPathCapabilities
{
    /// <summary>Nothing: pure userspace.</summary>
    None = 0,
    /// <summary>Egress copies a Prepare or Commit sent once with the broadcast bit to every other replica.</summary>
    Broadcast = 1,
    /// <summary>Ingress counts PrepareOKs and passes up only the one completing a quorum, marked certified.</summary>
    QuorumPrune = 2,
    /// <summary>Ingress answers in-order Prepares with a PrepareOK and hands the Prepare over through a ring buffer.</summary>
    FastReply = 4,
}
