using System.Runtime.InteropServices;
using Electrode.Programs.Maps;

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

    /// <summary>Normal, view change or recovering; the fast paths act only in <see cref="ControlStatus.Normal"/>.</summary>
    public ControlStatus Status;

    /// <summary>This replica's index in <see cref="ElectrodeMaps.Replicas"/>.</summary>
    public uint MyIndex;

    /// <summary>Number of configured replicas, 1 to <see cref="ReplicaEntry.MaxReplicas"/>.</summary>
    public uint ReplicaCount;

    /// <summary>Votes, the leader's own included, that make a quorum (f + 1).</summary>
    public uint QuorumSize;

    /// <summary>Which fast paths may act; a disabled path passes everything up.</summary>
    public FastPaths EnabledPaths;
}
