using BpfSharp;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;

namespace Electrode.Programs.Counting;

/// <summary>Counts what the programs do in <see cref="ElectrodeMaps.Counters"/> and returns the verdict in one expression.</summary>
public static unsafe class PathCounting
{
    /// <summary>Counts a packet of the kind <paramref name="path"/> handles.</summary>
    public static void CountSeen(ElectrodeProgram path)
    {
        PathCounters* counters = ElectrodeMaps.Counters.Lookup((uint)path);
        if (counters != null)
            counters->Seen++;
    }

    /// <summary>Counts what <paramref name="path"/> did with a packet, and why when it dropped it or fell back.</summary>
    public static void CountOutcome(ElectrodeProgram path, Outcome outcome, Reason reason)
    {
        PathCounters* counters = ElectrodeMaps.Counters.Lookup((uint)path);
        if (counters == null)
            return;
        switch (outcome)
        {
            case Outcome.Passed: counters->Passed++; break;
            case Outcome.Dropped: counters->Dropped++; break;
            case Outcome.Transmitted: counters->Transmitted++; break;
            default: counters->FellBack++; break;
        }
        uint index = (uint)reason;
        if (index != 0 && index < PathCounters.ReasonSlots)
            counters->ByReason[index]++;
    }

    /// <summary>XDP: passes the frame up untouched because <paramref name="path"/> cannot vouch for it.</summary>
    public static XdpAction FallBack(ElectrodeProgram path, Reason reason)
    {
        CountOutcome(path, Outcome.FellBack, reason);
        return XdpAction.Pass;
    }

    /// <summary>XDP: drops the frame by rule.</summary>
    public static XdpAction Drop(ElectrodeProgram path, Reason reason)
    {
        CountOutcome(path, Outcome.Dropped, reason);
        return XdpAction.Drop;
    }

    /// <summary>XDP: passes the frame up in the ordinary course.</summary>
    public static XdpAction Pass(ElectrodeProgram path)
    {
        CountOutcome(path, Outcome.Passed, Reason.None);
        return XdpAction.Pass;
    }
}
