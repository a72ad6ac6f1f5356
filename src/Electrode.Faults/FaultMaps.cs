using BpfSharp;
using Electrode.Faults.Layout;

namespace Electrode.Faults;

/// <summary>
/// The injector's maps. Configuration is a map rather than <c>static readonly</c> .rodata so that one loaded object
/// serves a loss-free run and a lossy one without a reload, and so that in-process tests, which cannot change a C#
/// <c>static readonly</c> field per kernel, configure each simulated kernel on its own.
/// </summary>
public static class FaultMaps
{
    /// <summary>The configuration, at index 0.</summary>
    [Map] public static readonly ArrayMap<FaultConfig> Config = new(1);

    /// <summary>Each CPU's random stream, at index 0.</summary>
    [Map] public static readonly PerCpuArrayMap<RandomState> Random = new(1);

    /// <summary>Each CPU's counters, at index 0.</summary>
    [Map] public static readonly PerCpuArrayMap<FaultCounters> Counters = new(1);
}
