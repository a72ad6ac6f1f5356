using BpfSharp.Loader;
using Electrode.Programs;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Messages;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Vr.FastPath.Kernel;

/// <summary>
/// The attached Electrode programs as a replica's data plane: the control entry mapped into this process and changed
/// by exchange (<see cref="ControlWordExchange"/>), the Prepares the fast-reply program answered read from its ring
/// buffer where they lie, and its counters. The ring buffer's epoll descriptor joins the replica's event loop
/// (<see cref="WaitOn"/>), so handed-over Prepares are logged on the loop that handles the replica's messages and timers.
/// </summary>
public sealed class KernelFastPath : IFastPath, IHandOverSignal, IDisposable
{
    /// <summary>
    /// How long a drain waits for a record the kernel claimed but has not submitted yet. The program submits right after
    /// its exchange, so this is only ever reached when the record never comes.
    /// </summary>
    public static readonly TimeSpan StallBound = TimeSpan.FromMilliseconds(100);

    private readonly ElectrodeSkeleton.MapSet maps;
    private readonly BpfMappedArray<ControlState> control;
    private readonly BpfRingBuffer ring;
    private readonly ControlWordExchange exchange;
    private readonly HandOverReader handOvers;
    private readonly Func<Action<PrepareMessage>, int> consumeAvailable;
    private Action<PrepareMessage> appendNow = _ => { };
    private readonly HandOverWakeups wakeups;
    private readonly LoopScheduling scheduling;
    private int passedNow;
    private long recordsTaken;
    private long recordsAtLastPoll;
    private TimeSpan pollPeriod;
    private long pollTimer;
    private UdpTransport? waitingOn;

    /// <summary>
    /// Works on <paramref name="maps"/> (not owned) with the <paramref name="enabled"/> fast paths, learning of handed-over
    /// Prepares as <paramref name="wakeups"/> says (<see cref="HandOverWakeups.Batched"/> when null) and scheduling the
    /// loop as <paramref name="scheduling"/> says. What the kernel answered before (for an earlier incarnation of the
    /// replica) is taken as known; its records are drained and passed like any other.
    /// </summary>
    /// <exception cref="InvalidOperationException">The control map was not created <c>BPF_F_MMAPABLE</c>.</exception>
    public unsafe KernelFastPath(ElectrodeSkeleton.MapSet maps, FastPaths enabled, HandOverWakeups? wakeups = null,
        FollowerScheduling scheduling = FollowerScheduling.Normal)
    {
        ArgumentNullException.ThrowIfNull(maps);
        this.maps = maps;
        Capabilities = enabled;
        this.scheduling = new LoopScheduling(scheduling, enabled);
        this.wakeups = wakeups ?? HandOverWakeups.Batched;
        pollPeriod = this.wakeups.ShortestPoll;
        control = maps.Control.Handle.MapArray<ControlState>();
        try
        {
            exchange = new ControlWordExchange(control.Pointer(0));
            handOvers = new HandOverReader(exchange, StallBound);
            ring = maps.Prepared.OpenReader(OnRecord);
        }
        catch
        {
            control.Dispose();
            throw;
        }
        consumeAvailable = ConsumeAvailable;
    }

    /// <inheritdoc />
    public event Action? PreparesHandedOver;

    /// <inheritdoc />
    public FastPaths Capabilities { get; }

    /// <summary>Records that did not hold a decodable Prepare (never appended; each also counted by the kernel as answered).</summary>
    public long UndecodableHandOvers => handOvers.Undecodable;

    /// <summary>The control entry as the kernel sees it now.</summary>
    public ControlState KernelState => control[0];

    /// <summary>Readable when the kernel woke the consumer for new records (the ring buffer's epoll descriptor).</summary>
    public int WaitDescriptor => ring.EpollDescriptor;

    /// <summary>What <paramref name="path"/> did so far, summed over CPUs.</summary>
    public PathTotals Counters(ElectrodeProgram path) =>
        PathTotals.Sum(maps.Counters.Lookup((uint)path));

    /// <summary>How the loop learns of handed-over Prepares.</summary>
    public HandOverWakeups Wakeups => wakeups;

    /// <summary>True while the loop runs under <c>SCHED_IDLE</c> (<see cref="FollowerScheduling.Idle"/>, as a follower the kernel answers for).</summary>
    public bool LoopScheduledIdle => scheduling.Idle;

    /// <summary>
    /// Makes <paramref name="transport"/>'s loop wait on the ring buffer with its sockets and timers, and poll it when
    /// <see cref="Wakeups"/> says so: when records arrive, the loop raises <see cref="PreparesHandedOver"/> (the replica's
    /// <c>PollFastPath</c> drains them).
    /// </summary>
    public void WaitOn(UdpTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (waitingOn is not null)
            throw new InvalidOperationException("this fast path already waits on a transport");
        transport.AddWaitSource(WaitDescriptor, SignalHandedOver);
        waitingOn = transport;
        if (wakeups.Polls)
            pollTimer = transport.StartTimer(pollPeriod, Poll);
    }

    /// <inheritdoc />
    public ControlPublication PublishControlState(in ReplicaState state)
    {
        if (!exchange.TryPublish(KernelControlState.From(state, Capabilities) with { WakeupBacklog = wakeups.BacklogBytes }))
            return ControlPublication.DataPlaneAhead;
        scheduling.Follow(state);
        return ControlPublication.Published;
    }

    /// <inheritdoc />
    public int DrainHandedOverPrepares(Action<PrepareMessage> append) => handOvers.Drain(consumeAvailable, append);

    /// <summary>
    /// Leaves the transport's loop, returns it to normal scheduling, stops consuming and unmaps the control entry; the
    /// maps stay as they are. Dispose it after the transport's loop stopped (or on the loop).
    /// </summary>
    public void Dispose()
    {
        scheduling.Restore();
        if (waitingOn is not null && wakeups.Polls)
            waitingOn.CancelTimer(pollTimer);
        waitingOn?.RemoveWaitSource(WaitDescriptor);
        waitingOn = null;
        ring.Dispose();
        control.Dispose();
    }

    private void SignalHandedOver()
    {
        // Without a replica (none built on this fast path yet) the records can only be of an earlier incarnation, which
        // recovery makes moot; left in the ring they would keep the level-triggered descriptor readable.
        if (PreparesHandedOver is { } handler)
            handler();
        else
            ConsumeAvailable(_ => { });
    }

    private void Poll()
    {
        SignalHandedOver();
        pollPeriod = wakeups.NextPoll(pollPeriod, found: recordsTaken != recordsAtLastPoll);
        recordsAtLastPoll = recordsTaken;
        if (waitingOn is { } transport)
            pollTimer = transport.StartTimer(pollPeriod, Poll);
    }

    private int ConsumeAvailable(Action<PrepareMessage> append)
    {
        appendNow = append;
        passedNow = 0;
        ring.Consume();
        return passedNow;
    }

    // The record is decoded where it lies in the ring, which libbpf releases once this returns.
    private void OnRecord(ReadOnlySpan<byte> record)
    {
        recordsTaken++;
        passedNow += handOvers.Take(record, appendNow);
    }
}
