namespace Electrode.Vr.Timing;

/// <summary>
/// How long to wait for a peer's answer before asking again: either one fixed period (the reference
/// implementation's timeouts), or a timeout derived from measured round trips with exponential backoff between
/// bounds, as TCP computes its retransmission timeout (RFC 6298).
/// </summary>
public sealed record RetryTimeouts
{
    private RetryTimeouts(TimeSpan initial, TimeSpan minimum, TimeSpan maximum, bool measured)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero, nameof(minimum));
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum, nameof(maximum));
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, minimum, nameof(initial));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initial, maximum, nameof(initial));
        Initial = initial;
        Minimum = minimum;
        Maximum = maximum;
        Measured = measured;
    }

    /// <summary>Always waits <paramref name="period"/>, however often it asks again.</summary>
    public static RetryTimeouts Fixed(TimeSpan period) => new(period, period, period, measured: false);

    /// <summary>
    /// Waits <paramref name="initial"/> until a round trip is measured, then the smoothed round trip plus four
    /// deviations; each further attempt for the same answer waits twice as long. Every wait lies between
    /// <paramref name="minimum"/> and <paramref name="maximum"/>.
    /// </summary>
    public static RetryTimeouts Adaptive(TimeSpan initial, TimeSpan minimum, TimeSpan maximum) =>
        new(initial, minimum, maximum, measured: true);

    /// <summary>The wait before any round trip is measured.</summary>
    public TimeSpan Initial { get; }

    /// <summary>The shortest wait.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>The longest wait, however many attempts failed.</summary>
    public TimeSpan Maximum { get; }

    /// <summary>True when waits follow measured round trips and back off; false for one fixed period.</summary>
    public bool Measured { get; }

    /// <summary>A new estimator under this policy, for one peer or one kind of exchange.</summary>
    public RoundTripEstimator NewEstimator() => new(this);
}
