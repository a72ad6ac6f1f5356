using Electrode.Vr.Transport;

namespace Electrode.Vr.Replica;

/// <summary>A restartable one-shot timer on a transport's clock. Used by replicas and clients.</summary>
public sealed class TransportTimeout
{
    private readonly ITransport transport;
    private readonly Action onExpiry;
    private long? timerId;

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
        if (!IsActive) Arm();
    }

    /// <summary>Starts the timer afresh, whether or not it was running.</summary>
    public void Reset()
    {
        Stop();
        Arm();
    }

    /// <summary>Stops the timer; stopping a stopped timer does nothing.</summary>
    public void Stop()
    {
        if (timerId is { } id) transport.CancelTimer(id);
        timerId = null;
    }

    private void Arm()
    {
        long id = 0;
        id = transport.StartTimer(Period, () =>
        {
            if (timerId != id) return;
            timerId = null;
            onExpiry();
        });
        timerId = id;
    }
}
