namespace Electrode.Vr.FastPath;

/// <summary>
/// A data plane that says when it has handed Prepares over, as a ring buffer wakes the thread polling it. A replica
/// built on such a fast path subscribes <c>VrReplica.PollFastPath</c>, so handed-over Prepares reach its log at once
/// rather than with the next message or timer.
/// </summary>
public interface IHandOverSignal
{
    /// <summary>
    /// Raised on the transport thread after Prepares were handed over, once the program that handed them over has
    /// returned and while the replica handles nothing else.
    /// </summary>
    event Action? PreparesHandedOver;
}
