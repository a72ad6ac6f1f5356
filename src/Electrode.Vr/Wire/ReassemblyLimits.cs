namespace Electrode.Vr.Wire;

/// <summary>Bounds on the memory a <see cref="FragmentReassembler"/> may hold for incomplete messages.</summary>
/// <param name="MaxPartialMessages">Incomplete messages held at once; the oldest is dropped to make room.</param>
/// <param name="MaxBufferedBytes">Total bytes of incomplete messages; the oldest are dropped to make room.</param>
/// <param name="MaxMessageLength">Largest message accepted; longer announced lengths are rejected outright.</param>
/// <param name="MaxFragmentsPerMessage">Fragments accepted for one message before it is dropped as abusive.</param>
/// <param name="StaleAfter">An incomplete message that received nothing for this long is dropped.</param>
public sealed record ReassemblyLimits(
    int MaxPartialMessages,
    long MaxBufferedBytes,
    int MaxMessageLength,
    int MaxFragmentsPerMessage,
    TimeSpan StaleAfter)
{
    /// <summary>Room for a handful of state transfers of a few megabytes each, stale after five seconds.</summary>
    public static ReassemblyLimits Default { get; } = new(
        MaxPartialMessages: 32,
        MaxBufferedBytes: 64L << 20,
        MaxMessageLength: 16 << 20,
        MaxFragmentsPerMessage: 4096,
        StaleAfter: TimeSpan.FromSeconds(5));
}
