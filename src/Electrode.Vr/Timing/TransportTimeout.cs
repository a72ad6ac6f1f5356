using Electrode.Vr.Transport;

namespace Electrode.Vr.Timing;

/// <summary>A restartable one-shot timer on a transport's clock. Used by replicas and clients.</summary>
/// <remarks>
/// A replica resets some timers on every request or Prepare. Rather than cancel and schedule a transport timer each
/// time, a reset only moves the deadline; the scheduled timer, when it fires early, schedules itself again for the
/// rest. The expiry runs at the same moment either way.
/// </remarks>
public sealed class TransportTimeout
{
    private readonly ITransport transport;
    private readonly Action onExpiry;
    private long? timerId;
    private TimeSpan scheduledFor;
    private TimeSpan deadline;

    /// <summary>Creates a stopped timer that runs <paramref name="onExpiry"/> <paramref name="period"/> after each start.</summary>
    public TransportTimeout(ITransport transport, TimeSpan period, Action onExpiry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        this.transport = transport;
        this.onExpiry = onExpiry;
        Period = period;
    }

    /// <summary>Delay between a start and the expiry.</summary>
    public TimeSpan Period { get; set; }

    /// <summary>True between a start and the expiry or stop.</summary>
    public bool IsActive => timerId.HasValue;

    /// <summary>Starts the timer unless it is already running.</summary>
    public void Start()
    {
        if (!IsActive) Reset();
    }

    /// <summary>Starts the timer afresh, whether or not it was running.</summary>
    public void Reset()
    {
        deadline = transport.Now + Period;
        // A deadline moved later is picked up when the scheduled timer fires; only an earlier one needs a new timer.
        if (IsActive && scheduledFor <= deadline) return;
        Stop();
        Schedule(Period);
    }

    /// <summary>Stops the timer; stopping a stopped timer does nothing.</summary>
    public void Stop()
    {
        if (timerId is { } id) transport.CancelTimer(id);
        timerId = null;
    }

    private void Schedule(TimeSpan delay)
    {
        long id = 0;
        scheduledFor = transport.Now + delay;
        id = transport.StartTimer(delay, () =>
        {
            if (timerId != id) return;
            var remaining = deadline - transport.Now;
            if (remaining > TimeSpan.Zero)
            {
                Schedule(remaining);
                return;
            }
            timerId = null;
            onExpiry();
        });
        timerId = id;
    }
}
