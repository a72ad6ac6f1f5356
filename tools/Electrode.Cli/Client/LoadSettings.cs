namespace Electrode.Cli.Client;

/// <summary>What a closed-loop load does.</summary>
/// <param name="Requests">Requests measured, over all clients (split evenly).</param>
/// <param name="Clients">Concurrent clients, each with one request outstanding.</param>
/// <param name="Warmup">Time at the start during which requests are sent but not measured or counted.</param>
/// <param name="Deadline">Time after which the load stops whether or not every request completed.</param>
/// <param name="KeepSamples">Keep every measured latency (for the CSV), not only the histogram.</param>
internal sealed record LoadSettings(int Requests, int Clients, TimeSpan Warmup, TimeSpan Deadline, bool KeepSamples)
{
    /// <summary>Runs once, on the load's event loop, when the first measured request is sent (the warm-up is over).</summary>
    public Action? OnMeasuring { get; init; }

    /// <summary>Where every request, warm-up included, is recorded as a key-value operation with its call and return times.</summary>
    public Vr.Linearizability.KvHistoryWriter? History { get; init; }

    /// <summary>
    /// Set to end the load early: no client sends another request, and those waiting get <see cref="StopGrace"/>
    /// for their replies (the history records the unanswered ones as pending).
    /// </summary>
    public WaitHandle? Stop { get; init; }

    /// <summary>How long requests outstanding at a stop may still be answered.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(2);
}
