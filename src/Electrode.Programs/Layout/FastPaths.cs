namespace Electrode.Programs.Layout;

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
