using System.Runtime.InteropServices;
using Electrode.Programs.Counting;
using Electrode.Programs.Maps;

namespace Electrode.Programs.Layout;

/// <summary>
/// What one program did with the packets it saw: entry <see cref="ElectrodeProgram"/> of the per-CPU
/// <see cref="ElectrodeMaps.Counters"/>. Userspace sums the CPUs' copies.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PathCounters
{
    /// <summary>Number of entries of <see cref="ByReason"/>, above every <see cref="Reason"/>.</summary>
    public const int ReasonSlots = 32;

    /// <summary>Number of entries of <see cref="ElectrodeMaps.Counters"/>: one per <see cref="ElectrodeProgram"/>.</summary>
    public const int PathSlots = 4;

    /// <summary>Packets of the kind the program handles.</summary>
    public ulong Seen;

    /// <summary>Packets passed up in the ordinary course (not ours, or the certified vote).</summary>
    public ulong Passed;

    /// <summary>Packets dropped, by a rule (duplicates, counted votes, stale views).</summary>
    public ulong Dropped;

    /// <summary>Packets sent by the program: replies with <c>XDP_TX</c>, broadcast copies.</summary>
    public ulong Transmitted;

    /// <summary>Packets passed up untouched because the program could not vouch for them.</summary>
    public ulong FellBack;

    /// <summary>Drops and fall-backs by <see cref="Reason"/>.</summary>
    public fixed ulong ByReason[ReasonSlots];
}
