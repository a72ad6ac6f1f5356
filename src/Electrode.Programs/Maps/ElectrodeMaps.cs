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

    /// <summary>
    /// Prepares a follower acknowledged in the kernel, as <see cref="PreparedDatagram"/> records, for userspace to log.
    /// A record takes 2 KiB whatever the datagram's size, so 16 MiB holds about 8,100: at 25,000 Prepares a second, a
    /// follower whose userspace the scheduler leaves off the CPU for 300 ms still finds its Prepares in the ring. A full
    /// ring sends Prepares up the stack, and a follower that serves its Prepares from the socket is slower than one that
    /// reads them from the ring, so on a saturated machine a 1 MiB ring (500 records, 20 ms) let a follower fall behind
    /// for good.
    /// </summary>
    [Map] public static readonly RingBuffer Prepared = new(1 << 24);

    /// <summary>Programs the ingress dispatcher tail-calls, by <see cref="HandlerSlot"/>.</summary>
    [Map] public static readonly ProgramArray Handlers = new(HandlerSlot.Count);

    /// <summary>Per-CPU counters of each program, by <see cref="ElectrodeProgram"/>.</summary>
    [Map] public static readonly PerCpuArrayMap<PathCounters> Counters = new(PathCounters.PathSlots);
}
