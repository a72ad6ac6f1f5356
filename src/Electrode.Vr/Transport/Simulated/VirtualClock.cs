namespace Electrode.Vr.Transport.Simulated;

/// <summary>
/// The virtual time of a simulated network: events run in time order, those due at the same time in the
/// order they were scheduled, and time jumps straight to the next event. Everything runs on the thread calling
/// <see cref="Run"/>.
/// </summary>
internal sealed class VirtualClock
{
    private readonly PriorityQueue<Action, (TimeSpan Time, long Sequence)> _queue = new();
    private readonly Dictionary<long, Action> _timers = new();
    private long _sequence;
    private long _lastTimerId;
    private bool _running;

    public TimeSpan Now { get; private set; }

    /// <summary>Runs <paramref name="action"/> at <paramref name="time"/>, after what is already due then.</summary>
    public void Schedule(TimeSpan time, Action action) => _queue.Enqueue(action, (time, ++_sequence));

    /// <summary>Runs <paramref name="callback"/> with its id after <paramref name="delay"/>, unless cancelled first.</summary>
    /// <returns>An id for <see cref="CancelTimer"/>.</returns>
    public long StartTimer(TimeSpan delay, Action<long> callback)
    {
        if (delay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(delay), $"a timer cannot fire in the past ({delay})");
        long id = ++_lastTimerId;
        _timers.Add(id, () => callback(id));
        Schedule(Now + delay, () =>
        {
            if (_timers.Remove(id, out var fire))
                fire();
        });
        return id;
    }

    public void CancelTimer(long timerId) => _timers.Remove(timerId);

    /// <summary>
    /// Runs events in time order until <paramref name="until"/> holds (checked before every event), nothing is pending,
    /// the next event lies more than <paramref name="cap"/> after the start, or <paramref name="maxEvents"/> ran.
    /// </summary>
    public RunResult Run(Func<bool>? until, TimeSpan? cap, long maxEvents)
    {
        if (_running)
            throw new InvalidOperationException("Run cannot be called from a receiver or timer callback of the same network");
        _running = true;
        try
        {
            var limit = cap is { } c ? Now + c : TimeSpan.MaxValue;
            for (long processed = 0; ; processed++)
            {
                if (until?.Invoke() == true)
                    return RunResult.Satisfied;
                if (!_queue.TryPeek(out _, out var next))
                    return RunResult.Idle;
                if (next.Time > limit)
                {
                    Now = limit;
                    return RunResult.CapReached;
                }
                if (processed >= maxEvents)
                    return RunResult.EventLimitReached;
                var action = _queue.Dequeue();
                Now = next.Time;
                action();
            }
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>Runs every event due within <paramref name="duration"/> and leaves the clock at its end.</summary>
    public RunResult RunFor(TimeSpan duration, long maxEvents)
    {
        var end = Now + duration;
        var result = Run(until: null, cap: duration, maxEvents);
        if (result == RunResult.Idle)
            Now = end;
        return result;
    }
}
