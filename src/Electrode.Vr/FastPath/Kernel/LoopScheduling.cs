using System.Runtime.InteropServices;
using Electrode.Programs.Layout;
using Electrode.Vr.Replica;

namespace Electrode.Vr.FastPath.Kernel;

/// <summary>
/// Puts the thread that publishes the replica's state (its loop) under <c>SCHED_IDLE</c> while the kernel answers
/// Prepares for it as a follower, and back under <c>SCHED_OTHER</c> otherwise (<see cref="FollowerScheduling.Idle"/>).
/// A failed change leaves the thread as it was and is tried again on the next publication.
/// </summary>
internal sealed partial class LoopScheduling(FollowerScheduling scheduling, FastPaths enabled)
{
    private const int SchedOther = 0;
    private const int SchedIdle = 5;

    private int idleThread;

    /// <summary>True while the loop thread runs under <c>SCHED_IDLE</c>.</summary>
    public bool Idle => idleThread != 0;

    /// <summary>Whether a replica in <paramref name="state"/> leaves its clients' latency to the kernel alone.</summary>
    public static bool KernelAnswersFor(in ReplicaState state, FastPaths enabled) =>
        enabled.HasFlag(FastPaths.FastReply) && state.Status == ReplicaStatus.Normal
        && state.View % (ulong)state.ClusterSize != (ulong)state.MyIndex;

    /// <summary>Schedules the calling thread for <paramref name="state"/>; call on the loop, after each publication.</summary>
    public void Follow(in ReplicaState state)
    {
        if (scheduling != FollowerScheduling.Idle) return;
        bool idle = KernelAnswersFor(state, enabled);
        if (idle == Idle) return;
        int thread = idle ? Gettid() : idleThread;
        if (SetScheduler(thread, idle ? SchedIdle : SchedOther))
            idleThread = idle ? thread : 0;
    }

    /// <summary>Returns the loop thread to normal scheduling, from any thread (the loop has stopped).</summary>
    public void Restore()
    {
        if (Idle && SetScheduler(idleThread, SchedOther))
            idleThread = 0;
    }

    private static unsafe bool SetScheduler(int thread, int policy)
    {
        int priority = 0;
        return SchedSetscheduler(thread, policy, &priority) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static unsafe partial int SchedSetscheduler(int pid, int policy, int* param);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int Gettid();
}
