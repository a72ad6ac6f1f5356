namespace Electrode.Vr.Transport.Simulated;

/// <summary>Why <see cref="SimulatedNetwork.Run"/> returned.</summary>
public enum RunResult
{
    /// <summary>The <c>until</c> predicate became true.</summary>
    Satisfied,

    /// <summary>Nothing is left to deliver and no timer is pending.</summary>
    Idle,

    /// <summary>The next event lies beyond the virtual-time cap; the clock now stands at the cap.</summary>
    CapReached,

    /// <summary>The event budget ran out first (a livelock of messages that never lets time advance).</summary>
    EventLimitReached,
}
