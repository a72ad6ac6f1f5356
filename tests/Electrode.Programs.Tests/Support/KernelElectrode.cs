using BpfSharp.Loader;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;

namespace Electrode.Programs.Tests.Support;

/// <summary>
/// The compiled <c>electrode.bpf.o</c> loaded into the real kernel through its generated <see cref="ElectrodeSkeleton"/>,
/// with its maps set from an in-process <see cref="ElectrodeNode"/> so that both run the same packet on the same state.
/// </summary>
public sealed class KernelElectrode : IDisposable
{
    private readonly ElectrodeSkeleton _electrode;

    public KernelElectrode()
    {
        Assert.True(File.Exists(ElectrodeObject.DefaultPath),
            $"{ElectrodeObject.DefaultPath} is missing: building Electrode.Programs compiles it and copies it beside its dependents");
        _electrode = ElectrodeSkeleton.Load();
        _electrode.Maps.Handlers.Set(HandlerSlot.FastReply, _electrode.Programs.ReplyToPrepare);
        _electrode.Maps.Handlers.Set(HandlerSlot.QuorumPrune, _electrode.Programs.PruneVotes);
    }

    /// <summary>Copies the node's control state, replicas and the quorum slot of <paramref name="op"/> into the kernel's maps.</summary>
    public void CopyStateFrom(ElectrodeNode node, ulong op)
    {
        _electrode.Maps.Control[0] = node.State;
        var replicas = node.Kernel.Map(ElectrodeMaps.Replicas).ToArray();
        for (uint i = 0; i < replicas.Length; i++)
            _electrode.Maps.Replicas[i] = replicas[i];
        _electrode.Maps.QuorumSlots[(uint)op & QuorumSlot.IndexMask] = node.Slot(op);
    }

    /// <summary>Writes a quorum slot as the egress path resets it (at entry <c>op &amp; IndexMask</c>).</summary>
    public void SetSlot(QuorumSlot slot) => _electrode.Maps.QuorumSlots[(uint)slot.Op & QuorumSlot.IndexMask] = slot;

    public BpfTestRunResult Ingress(byte[] frame) => _electrode.Programs.Dispatch.TestRun(frame);

    public BpfTestRunResult Egress(byte[] frame) => _electrode.Programs.Broadcast.TestRun(frame);

    /// <summary>Packets <paramref name="path"/> sent, summed over CPUs.</summary>
    public ulong Transmitted(ElectrodeProgram path) =>
        _electrode.Maps.Counters.Lookup((uint)path).Aggregate(0ul, (sum, counters) => sum + counters.Transmitted);

    public ControlState State => _electrode.Maps.Control[0];

    /// <summary>Sets <see cref="ControlState.WakeupBacklog"/> and nothing else of the control entry.</summary>
    public void SetWakeupBacklog(uint bytes) => _electrode.Maps.Control[0] = State with { WakeupBacklog = bytes };

    /// <summary>A reader of the handed-over Prepares, waiting on the ring buffer as a replica's loop does.</summary>
    public BpfRingBuffer OpenPreparedReader(RingBufferRecordHandler onRecord) => _electrode.Maps.Prepared.OpenReader(onRecord);

    public QuorumSlot Slot(ulong op) => _electrode.Maps.QuorumSlots[(uint)op & QuorumSlot.IndexMask];

    public void Dispose() => _electrode.Dispose();
}
