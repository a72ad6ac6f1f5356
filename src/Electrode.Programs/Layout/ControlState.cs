using System.Runtime.InteropServices;

namespace Electrode.Programs.Layout;

/// <summary>
/// The replica's state as the kernel fast paths see it: one entry of <see cref="ElectrodeMaps.Control"/>. Userspace
/// writes it on every status, view or last-op change before acting on the change; the fast-reply path advances
/// <see cref="LastOp"/> itself for each Prepare it acknowledges.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ControlState
{
    /// <summary>Current view.</summary>
    public ulong View;

    /// <summary>Highest op in the replica's log (advanced by the fast-reply path for each prepare it hands over).</summary>
    public ulong LastOp;

    /// <summary>Highest committed op.</summary>
    public ulong CommitNumber;

    /// <summary>Normal, view change or recovering; the fast paths act only in <see cref="ReplicaStatus.Normal"/>.</summary>
    public ReplicaStatus Status;

    /// <summary>This replica's index in <see cref="ElectrodeMaps.Replicas"/>.</summary>
    public uint MyIndex;

    /// <summary>Number of configured replicas, 1 to <see cref="ReplicaEntry.MaxReplicas"/>.</summary>
    public uint ReplicaCount;

    /// <summary>Votes, the leader's own included, that make a quorum (f + 1).</summary>
    public uint QuorumSize;

    /// <summary>Which fast paths may act; a disabled path passes everything up.</summary>
    public FastPaths EnabledPaths;
}

/// <summary>VR replica status.</summary>
public enum ReplicaStatus : uint
{
    /// <summary>Processing requests in a stable view.</summary>
    Normal = 0,

    /// <summary>Changing view: the fast paths pass everything up.</summary>
    ViewChange = 1,

    /// <summary>Recovering after a restart: the fast paths pass everything up.</summary>
    Recovering = 2,
}

/// <summary>The fast paths a replica enables in <see cref="ControlState.EnabledPaths"/>.</summary>
[System.Flags]
public enum FastPaths : uint
{
    /// <summary>None: every message goes to userspace.</summary>
    None = 0,

    /// <summary>TC egress copies Prepare and Commit messages carrying the broadcast bit to every other replica.</summary>
    Broadcast = 1,

    /// <summary>XDP ingress on the leader counts PrepareOKs and passes up only the one completing a quorum.</summary>
    QuorumPrune = 2,

    /// <summary>XDP ingress on a follower hands in-order Prepares to userspace and answers them itself.</summary>
    FastReply = 4,

    /// <summary>All three.</summary>
    All = Broadcast | QuorumPrune | FastReply,
}
