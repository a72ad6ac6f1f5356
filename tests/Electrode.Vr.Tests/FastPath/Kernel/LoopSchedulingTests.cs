using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using BpfSharp.Testing;
using Electrode.Programs;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.FastPath.Kernel;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.FastPath.Kernel;

public sealed partial class LoopSchedulingTests
{
    private const int SchedOther = 0;
    private const int SchedIdle = 5;

    private static ReplicaState State(ReplicaStatus status, ulong view, int myIndex) => new(status, view, 10, 9, myIndex, 3, 2);

    [Theory]
    [InlineData(ReplicaStatus.Normal, 0UL, 1, FastPaths.All, true)]
    [InlineData(ReplicaStatus.Normal, 4UL, 2, FastPaths.FastReply, true)]
    [InlineData(ReplicaStatus.Normal, 0UL, 0, FastPaths.All, false)]
    [InlineData(ReplicaStatus.Normal, 4UL, 1, FastPaths.All, false)]
    [InlineData(ReplicaStatus.ViewChange, 0UL, 1, FastPaths.All, false)]
    [InlineData(ReplicaStatus.Recovering, 0UL, 1, FastPaths.All, false)]
    [InlineData(ReplicaStatus.Normal, 0UL, 1, FastPaths.Broadcast | FastPaths.QuorumPrune, false)]
    public void Only_a_follower_in_normal_status_with_the_fast_reply_leaves_its_clients_to_the_kernel(
        ReplicaStatus status, ulong view, int myIndex, FastPaths enabled, bool answered)
    {
        Assert.Equal(answered, LoopScheduling.KernelAnswersFor(State(status, view, myIndex), enabled));
    }

    [KernelFact]
    public void The_loop_runs_idle_while_the_kernel_answers_for_it_and_normal_when_it_leads_changes_view_or_stops()
    {
        using var electrode = ElectrodeSkeleton.Load();
        using var loop = new LoopThread();
        var fastPath = loop.Run(() => new KernelFastPath(electrode.Maps, FastPaths.All, scheduling: FollowerScheduling.Idle));

        Assert.Equal(SchedOther, loop.Run(() => Policy()));
        Assert.Equal(SchedIdle, loop.Run(() => PublishThenPolicy(fastPath, State(ReplicaStatus.Normal, 0, 1))));
        Assert.True(fastPath.LoopScheduledIdle);
        Assert.Equal(SchedOther, loop.Run(() => PublishThenPolicy(fastPath, State(ReplicaStatus.ViewChange, 0, 1))));
        Assert.Equal(SchedOther, loop.Run(() => PublishThenPolicy(fastPath, State(ReplicaStatus.Normal, 1, 1))));
        Assert.Equal(SchedIdle, loop.Run(() => PublishThenPolicy(fastPath, State(ReplicaStatus.Normal, 2, 1))));

        fastPath.Dispose();

        Assert.False(fastPath.LoopScheduledIdle);
        Assert.Equal(SchedOther, loop.Run(() => Policy()));
    }

    [KernelFact]
    public void With_normal_scheduling_the_loop_is_never_made_idle()
    {
        using var electrode = ElectrodeSkeleton.Load();
        using var loop = new LoopThread();
        using var fastPath = loop.Run(() => new KernelFastPath(electrode.Maps, FastPaths.All));

        Assert.Equal(SchedOther, loop.Run(() => PublishThenPolicy(fastPath, State(ReplicaStatus.Normal, 0, 1))));
        Assert.False(fastPath.LoopScheduledIdle);
    }

    private static int PublishThenPolicy(KernelFastPath fastPath, ReplicaState state)
    {
        Assert.Equal(ControlPublication.Published, fastPath.PublishControlState(state));
        return Policy();
    }

    private static int Policy() => SchedGetscheduler(0);

    [LibraryImport("libc", EntryPoint = "sched_getscheduler")]
    private static partial int SchedGetscheduler(int pid);

    /// <summary>A thread of its own, standing for the replica's loop, so that no test thread is ever made idle.</summary>
    private sealed class LoopThread : IDisposable
    {
        private readonly BlockingCollection<Action> work = new();
        private readonly Thread thread;

        public LoopThread()
        {
            thread = new Thread(() =>
            {
                foreach (var action in work.GetConsumingEnumerable()) action();
            }) { IsBackground = true, Name = "loop" };
            thread.Start();
        }

        public T Run<T>(Func<T> function)
        {
            var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            work.Add(() =>
            {
                try { result.SetResult(function()); }
                catch (Exception e) { result.SetException(e); }
            });
            return result.Task.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            work.CompleteAdding();
            thread.Join();
            work.Dispose();
        }
    }
}
