using Electrode.Vr.Transport;

namespace Electrode.Vr.Timing;

/// <summary>
/// A timer that waits for an answer from a peer: <see cref="Reset"/> starts a fresh exchange, <see cref="Retry"/>
/// re-arms it after an unanswered attempt with the backoff of its <see cref="RoundTripEstimator"/>, and
/// <see cref="Answered"/> ends it, sampling the round trip when the first attempt was answered.
/// </summary>
public sealed class RetryTimeout
{
    private readonly ITransport transport;
    private readonly TransportTimeout timer;
    private TimeSpan sentAt;

    /// <summary>Creates a stopped timer that runs <paramref name="onExpiry"/> when an attempt goes unanswered.</summary>
    public RetryTimeout(ITransport transport, RoundTripEstimator estimator, Action onExpiry)
    {
        this.transport = transport;
        Estimator = estimator;
        timer = new TransportTimeout(transport, estimator.Timeout, onExpiry);
    }

    /// <summary>Where the waits come from; shared by the timers that wait on the same peers.</summary>
    public RoundTripEstimator Estimator { get; }

    /// <summary>Unanswered attempts of the current exchange.</summary>
    public int Retries { get; private set; }

    /// <summary>True between a start and the expiry or stop.</summary>
    public bool IsActive => timer.IsActive;

    /// <summary>Starts a fresh exchange (first attempt just sent) unless one is already being waited on.</summary>
    public void Start()
    {
        if (!IsActive) Reset();
    }

    /// <summary>Starts a fresh exchange: the first attempt was just sent.</summary>
    public void Reset()
    {
        Retries = 0;
        sentAt = transport.Now;
        Arm();
    }

    /// <summary>Re-arms after an attempt was sent again: the wait backs off.</summary>
    public void Retry()
    {
        Retries++;
        Arm();
    }

    /// <summary>Ends the exchange: the answer came. Samples its round trip when no attempt was repeated.</summary>
    public void Answered()
    {
        if (IsActive && Retries == 0) Estimator.Observe(transport.Now - sentAt);
        timer.Stop();
    }

    /// <summary>Stops waiting without an answer (the exchange no longer matters).</summary>
    public void Stop() => timer.Stop();

    private void Arm()
    {
        timer.Period = Estimator.After(Retries);
        timer.Reset();
    }
}
