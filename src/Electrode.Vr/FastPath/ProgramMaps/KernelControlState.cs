using Electrode.Vr.Replica;
using FastPaths = Electrode.Programs.Layout.FastPaths;
using KernelState = Electrode.Programs.Layout.ControlState;
using KernelStatus = Electrode.Programs.Layout.ReplicaStatus;

namespace Electrode.Vr.FastPath.Simulated;

/// <summary>
/// The one translation of a replica's <see cref="ControlState"/> into the kernel's control map entry: every
/// userspace-to-kernel state change goes through <see cref="From"/>.
/// </summary>
public static class KernelControlState
{
    /// <summary>The kernel's entry for <paramref name="state"/>, with <paramref name="enabled"/> fast paths.</summary>
    public static KernelState From(in ControlState state, FastPathCapabilities enabled) => new()
    {
        View = state.View,
        LastOp = state.LastOp,
        CommitNumber = state.LastCommitted,
        Status = StatusOf(state.Status),
        MyIndex = (uint)state.MyIndex,
        ReplicaCount = (uint)state.ClusterSize,
        QuorumSize = (uint)state.QuorumSize,
        EnabledPaths = PathsOf(enabled),
    };

    /// <summary>The kernel's fast-path flags for <paramref name="capabilities"/>.</summary>
    public static FastPaths PathsOf(FastPathCapabilities capabilities) =>
        (capabilities.HasFlag(FastPathCapabilities.Broadcast) ? FastPaths.Broadcast : FastPaths.None)
        | (capabilities.HasFlag(FastPathCapabilities.QuorumPrune) ? FastPaths.QuorumPrune : FastPaths.None)
        | (capabilities.HasFlag(FastPathCapabilities.FastReply) ? FastPaths.FastReply : FastPaths.None);

    // The kernel acts only in normal status. A replica awaiting a state transfer is normal in its protocol but its
    // log is in motion, so the kernel must pass everything up; it knows no separate state for that.
    private static KernelStatus StatusOf(ReplicaStatus status) => status switch
    {
        ReplicaStatus.Normal => KernelStatus.Normal,
        ReplicaStatus.ViewChange or ReplicaStatus.StateTransfer => KernelStatus.ViewChange,
        ReplicaStatus.Recovering => KernelStatus.Recovering,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "no kernel status for this replica status"),
    };
}
