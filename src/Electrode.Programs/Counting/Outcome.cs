using Electrode.Programs.Layout;

namespace Electrode.Programs.Counting;

/// <summary>What a program did with a packet, for <see cref="PathCounters"/>.</summary>
public enum Outcome : uint
{
    /// <summary>Passed up in the ordinary course.</summary>
    Passed = 0,
    /// <summary>Dropped by rule.</summary>
    Dropped = 1,
    /// <summary>Sent by the program.</summary>
    Transmitted = 2,
    /// <summary>Passed up untouched: the program could not vouch for it.</summary>
    FellBack = 3,
}
