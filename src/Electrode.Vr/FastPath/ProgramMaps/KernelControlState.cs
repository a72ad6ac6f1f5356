using Electrode.Programs.Layout;
using Electrode.Vr.Replica;

namespace Electrode.Vr.FastPath.ProgramMaps;

/// <summary>
/// The one translation of a replica's <see cref="ReplicaState"/> into the entry of the programs' control map: every
/// userspace-to-kernel state change goes through <see cref="From"/>, whichever kernel (simulated or real) runs them.
/// </summary>
public static class KernelControlState
{
    /// <summary>The control map's entry for <paramref name="state"/>, with <paramref name="enabled"/> fast paths.</summary>
    public static ControlState From(in ReplicaState state, FastPaths enabled) => new()
    {
        Word = ControlWord.Pack(StatusOf(state), state.View, state.LastOp),
        CommitNumber = state.LastCommitted,
        MyIndex = (uint)state.MyIndex,
        ReplicaCount = (uint)state.ClusterSize,
        QuorumSize = (uint)state.QuorumSize,
        EnabledPaths = enabled,
    };

    // The kernel acts only in normal status. A replica awaiting a state transfer is normal in its protocol but its
    // log is in motion, so the kernel must pass everything up; it knows no separate state for that. A normal replica
    // whose view or last op the word cannot hold must not be fast-pathed on truncated numbers.
    private static ControlStatus StatusOf(in ReplicaState state) => state.Status switch
    {
        ReplicaStatus.Normal when state.View > ControlWord.ViewMask || state.LastOp >= ControlWord.LastOpMask => ControlStatus.OutOfRange,
        ReplicaStatus.Normal => ControlStatus.Normal,
        ReplicaStatus.ViewChange or ReplicaStatus.StateTransfer => ControlStatus.ViewChange,
        ReplicaStatus.Recovering => ControlStatus.Recovering,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state.Status, "no kernel status for this replica status"),
    };
}
