namespace Electrode.Vr.FastPath.Kernel;

/// <summary>How the replica's loop thread is scheduled while the kernel answers Prepares for it.</summary>
public enum FollowerScheduling
{
    /// <summary>Like any other thread, whatever the replica's role.</summary>
    Normal,

    /// <summary>
    /// <c>SCHED_IDLE</c> while the replica is a follower in normal status and the fast reply is on: no client waits on
    /// that loop (the kernel has acknowledged the Prepares; the loop only logs them and executes commits), so every
    /// other thread of the machine gets the CPU first, the leader's and the clients' among them. The loop returns to
    /// normal scheduling the moment it leads, leaves normal status or stops answering through the kernel.
    /// </summary>
    Idle,
}
