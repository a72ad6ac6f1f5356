namespace Electrode.Vr.Timing;

/// <summary>
/// Smoothed round-trip time and its deviation (RFC 6298: gains 1/8 and 1/4), and the retry timeout they give.
/// Under a <see cref="RetryTimeouts.Fixed"/> policy it ignores samples and always answers the fixed period.
/// </summary>
public sealed class RoundTripEstimator
{
    private const int BackoffDoublingsCap = 16;

    private readonly RetryTimeouts policy;
    private TimeSpan smoothed;
    private TimeSpan deviation;
    private bool sampled;

    internal RoundTripEstimator(RetryTimeouts policy) => this.policy = policy;

    /// <summary>The wait before the first retry of an exchange.</summary>
    public TimeSpan Timeout
    {
        get
        {
            if (!policy.Measured || !sampled) return policy.Initial;
            return Clamp(smoothed + 4 * deviation);
        }
    }

    /// <summary>Round trips measured so far.</summary>
    public long Samples { get; private set; }

    /// <summary>
    /// Records one round trip. Only exchanges answered on their first attempt may be sampled (Karn's rule): the
    /// answer to a retried message cannot be matched to one of its sends.
    /// </summary>
    public void Observe(TimeSpan roundTrip)
    {
        if (!policy.Measured || roundTrip < TimeSpan.Zero) return;
        Samples++;
        if (!sampled)
        {
            smoothed = roundTrip;
            deviation = roundTrip / 2;
            sampled = true;
            return;
        }
        deviation = (3 * deviation + (smoothed - roundTrip).Duration()) / 4;
        smoothed = (7 * smoothed + roundTrip) / 8;
    }

    /// <summary>The wait after <paramref name="retries"/> unanswered attempts: the timeout doubled that often, within bounds.</summary>
    public TimeSpan After(int retries)
    {
        if (!policy.Measured) return policy.Initial;
        var wait = Timeout;
        for (var i = 0; i < Math.Min(retries, BackoffDoublingsCap) && wait < policy.Maximum; i++) wait *= 2;
        return Clamp(wait);
    }

    private TimeSpan Clamp(TimeSpan wait) =>
        wait < policy.Minimum ? policy.Minimum : wait > policy.Maximum ? policy.Maximum : wait;
}
