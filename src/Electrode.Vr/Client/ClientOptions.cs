using Electrode.Vr.Timing;

namespace Electrode.Vr.Client;

/// <summary>Tuning of a client. The defaults are those of the reference implementation.</summary>
public sealed record ClientOptions
{
    /// <summary>
    /// Timeouts measured from round trips, with backoff: a lost request or reply costs about one round trip
    /// plus a few deviations instead of the reference's fixed 7 s. Until a round trip is measured the wait is half a
    /// second, long enough for a cold start not to look like a loss.
    /// </summary>
    public static ClientOptions Adaptive { get; } = new()
    {
        RequestRetry = RetryTimeouts.Adaptive(
            initial: TimeSpan.FromMilliseconds(500), minimum: TimeSpan.FromMilliseconds(5), maximum: TimeSpan.FromSeconds(1)),
    };

    /// <summary>Wait after which an unanswered request is sent again, to every replica (reference: a fixed 7 s).</summary>
    public RetryTimeouts RequestRetry { get; init; } = RetryTimeouts.Fixed(TimeSpan.FromSeconds(7));

    /// <summary>Default time after which an unanswered unlogged request is reported as timed out.</summary>
    public TimeSpan UnloggedRequestTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
