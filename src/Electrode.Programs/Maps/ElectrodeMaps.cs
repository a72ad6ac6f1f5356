using BpfSharp;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;

namespace Electrode.Programs.Maps;

/// <summary>
/// The maps shared by the Electrode programs and userspace. Configuration (cluster size, addresses, ports, MACs) lives
/// here as data, so one compiled object serves any cluster of up to <see cref="ReplicaEntry.MaxReplicas"/> replicas.
/// </summary>
public static class ElectrodeMaps
{
    /// <summary>The replica's control state, at index 0; userspace maps it to exchange the word the kernel exchanges.</summary>
    [Map(Flags = MapFlags.Mmapable)] public static readonly ArrayMap<ControlState> Control = new(1);

    /// <summary>The configured replicas by index; entries at or beyond <see cref="ControlState.ReplicaCount"/> are ignored.</summary>
    [Map] public static readonly ArrayMap<ReplicaEntry> Replicas = new(ReplicaEntry.MaxReplicas);

    /// <summary>The leader's PrepareOK votes, by op modulo <see cref="QuorumSlot.Count"/>.</summary>
    [Map] public static readonly ArrayMap<QuorumSlot> QuorumSlots = new((int)QuorumSlot.Count);

    /// <summary>Prepares a follower acknowledged in the kernel, as <see cref="PreparedDatagram"/> records, for userspace to log.</summary>
    [Map] public static readonly RingBuffer Prepared = new(1 << 20);

    /// <summary>Programs the ingress dispatcher tail-calls, by <see cref="HandlerSlot"/>.</summary>
    [Map] public static readonly ProgramArray Handlers = new(HandlerSlot.Count);

    /// <summary>Per-CPU counters of each program, by <see cref="ElectrodeProgram"/>.</summary>
    [Map] public static readonly PerCpuArrayMap<PathCounters> Counters = new(PathCounters.PathSlots);
}
