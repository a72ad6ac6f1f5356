using System.Runtime.InteropServices;

namespace Electrode.Faults.Layout;

/// <summary>What the injector did, per CPU at index 0 of <see cref="FaultMaps.Counters"/>; userspace sums the CPUs' copies.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FaultCounters
{
    /// <summary>Datagrams in the port range that drew a fault decision (clones of the injector's own are not among them).</summary>
    public ulong Seen;

    /// <summary>Datagrams dropped.</summary>
    public ulong Dropped;

    /// <summary>Datagrams duplicated: a marked clone was sent out of the same interface.</summary>
    public ulong Duplicated;

    /// <summary>Duplications the kernel refused (<c>bpf_clone_redirect</c> or the marking write failed); the original still went.</summary>
    public ulong CloneFailed;

    /// <summary>The injector's own clones seen again on their way out and passed untouched.</summary>
    public ulong ClonesPassed;

    /// <summary>The sum of two sets of counters (for example two CPUs' copies).</summary>
    public static FaultCounters operator +(FaultCounters a, FaultCounters b) => new()
    {
        Seen = a.Seen + b.Seen,
        Dropped = a.Dropped + b.Dropped,
        Duplicated = a.Duplicated + b.Duplicated,
        CloneFailed = a.CloneFailed + b.CloneFailed,
        ClonesPassed = a.ClonesPassed + b.ClonesPassed,
    };

    /// <summary>What happened between two readings: <paramref name="later"/> minus <paramref name="earlier"/>.</summary>
    public static FaultCounters operator -(FaultCounters later, FaultCounters earlier) => new()
    {
        Seen = later.Seen - earlier.Seen,
        Dropped = later.Dropped - earlier.Dropped,
        Duplicated = later.Duplicated - earlier.Duplicated,
        CloneFailed = later.CloneFailed - earlier.CloneFailed,
        ClonesPassed = later.ClonesPassed - earlier.ClonesPassed,
    };
}
