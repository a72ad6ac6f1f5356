using System.Globalization;

namespace Electrode.Cluster.Load;

/// <summary>
/// The whole machine's CPU time from the first line of <c>/proc/stat</c>, summed over every CPU: busy time is user,
/// nice, system, irq, softirq and steal (softirq is where the kernel fast paths and the network stack run), idle is
/// idle and iowait. Subtract two readings to get what a measured interval cost.
/// </summary>
/// <param name="BusyTicks">Busy time in clock ticks (USER_HZ, 100 per second on Linux).</param>
/// <param name="IdleTicks">Idle time in clock ticks.</param>
public readonly record struct MachineCpu(long BusyTicks, long IdleTicks)
{
    /// <summary>Clock ticks per second of <c>/proc/stat</c> (USER_HZ, fixed at 100 by the kernel's ABI).</summary>
    public const double TicksPerSecond = 100;

    /// <summary>Busy CPU time.</summary>
    public TimeSpan Busy => TimeSpan.FromSeconds(BusyTicks / TicksPerSecond);

    /// <summary>The 1-minute load average from <c>/proc/loadavg</c> (<c>unknown</c> without it): figures measured on a busy machine say so.</summary>
    public static string OneMinuteLoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>Reads <c>/proc/stat</c> now.</summary>
    public static MachineCpu Read() => Parse(File.ReadLines("/proc/stat").First());

    /// <summary>Reads the aggregate <c>cpu</c> line of <c>/proc/stat</c>.</summary>
    /// <exception cref="FormatException">Not an aggregate cpu line.</exception>
    public static MachineCpu Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8 || fields[0] != "cpu")
            throw new FormatException($"not the aggregate cpu line of /proc/stat: '{line}'");
        long Field(int i) => i < fields.Length ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        long busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        return new MachineCpu(busy, Field(4) + Field(5));
    }

    /// <summary>What happened between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static MachineCpu operator -(MachineCpu after, MachineCpu before) =>
        new(after.BusyTicks - before.BusyTicks, after.IdleTicks - before.IdleTicks);
}
