namespace Electrode.Vr.Client;

/// <summary>Tuning of a client. The defaults are those of the reference implementation.</summary>
public sealed record ClientOptions
{
    /// <summary>Time after which an unanswered request is sent again, then to every replica.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>Default time after which an unanswered unlogged request is reported as timed out.</summary>
    public TimeSpan UnloggedRequestTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
