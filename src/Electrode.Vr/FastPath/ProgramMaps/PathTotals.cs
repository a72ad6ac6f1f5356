using Electrode.Programs.Counting;
using Electrode.Programs.Layout;

namespace Electrode.Vr.FastPath.ProgramMaps;

/// <summary>One program's <see cref="PathCounters"/>, summed over CPUs as userspace sums them.</summary>
public sealed class PathTotals
{
    private readonly ulong[] byReason = new ulong[PathCounters.ReasonSlots];

    /// <summary>Packets of the kind the program handles.</summary>
    public ulong Seen { get; private set; }

    /// <summary>Packets passed up in the ordinary course.</summary>
    public ulong Passed { get; private set; }

    /// <summary>Packets dropped by rule.</summary>
    public ulong Dropped { get; private set; }

    /// <summary>Packets the program sent: replies by <c>XDP_TX</c>, broadcast copies.</summary>
    public ulong Transmitted { get; private set; }

    /// <summary>Packets passed up untouched because the program could not vouch for them.</summary>
    public ulong FellBack { get; private set; }

    /// <summary>Drops and fall-backs for <paramref name="reason"/>.</summary>
    public ulong this[Reason reason] => byReason[(int)reason];

    /// <summary>Sums per-CPU copies of one counters entry.</summary>
    public static unsafe PathTotals Sum(PathCounters[] perCpu)
    {
        var totals = new PathTotals();
        for (int cpu = 0; cpu < perCpu.Length; cpu++)
        {
            PathCounters counters = perCpu[cpu];
            totals.Seen += counters.Seen;
            totals.Passed += counters.Passed;
            totals.Dropped += counters.Dropped;
            totals.Transmitted += counters.Transmitted;
            totals.FellBack += counters.FellBack;
            for (int r = 0; r < PathCounters.ReasonSlots; r++)
                totals.byReason[r] += counters.ByReason[r];
        }
        return totals;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"seen {Seen}, passed {Passed}, dropped {Dropped}, transmitted {Transmitted}, fell back {FellBack}";
}
