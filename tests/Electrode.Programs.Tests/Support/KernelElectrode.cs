using BpfSharp.Loader;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;

namespace Electrode.Programs.Tests.Support;

/// <summary>
/// The compiled <c>electrode.bpf.o</c> loaded into the real kernel, with its maps set from an in-process
/// <see cref="ElectrodeNode"/> so that both run the same packet on the same state.
/// </summary>
public sealed class KernelElectrode : IDisposable
{
    private readonly BpfObject _object;
    private readonly LoadedBpfObject _loaded;

    public KernelElectrode()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "electrode.bpf.o");
        Assert.True(File.Exists(path), $"{path} is missing: building Electrode.Programs compiles it and copies it beside its dependents");
        _object = BpfObject.Open(path);
        _loaded = _object.Load();
        _loaded.Map("Handlers").SetProgram(HandlerSlot.FastReply, _loaded.Program(nameof(FastReply.ReplyToPrepare)));
        _loaded.Map("Handlers").SetProgram(HandlerSlot.QuorumPrune, _loaded.Program(nameof(QuorumPrune.PruneVotes)));
    }

    /// <summary>Copies the node's control state, replicas and the quorum slot of <paramref name="op"/> into the kernel's maps.</summary>
    public void CopyStateFrom(ElectrodeNode node, ulong op)
    {
        _loaded.Map(nameof(ElectrodeMaps.Control)).Update(0u, node.State);
        var replicas = node.Kernel.Map(ElectrodeMaps.Replicas).ToArray();
        for (uint i = 0; i < replicas.Length; i++)
            _loaded.Map(nameof(ElectrodeMaps.Replicas)).Update(i, replicas[i]);
        _loaded.Map(nameof(ElectrodeMaps.QuorumSlots)).Update((uint)op & QuorumSlot.IndexMask, node.Slot(op));
    }

    /// <summary>Writes a quorum slot as the egress path resets it (at entry <c>op &amp; IndexMask</c>).</summary>
    public void SetSlot(QuorumSlot slot) =>
        _loaded.Map(nameof(ElectrodeMaps.QuorumSlots)).Update((uint)slot.Op & QuorumSlot.IndexMask, slot);

    public BpfTestRunResult Ingress(byte[] frame) => _loaded.Program(nameof(IngressDispatcher.Dispatch)).TestRun(frame);

    public BpfTestRunResult Egress(byte[] frame) => _loaded.Program(nameof(BroadcastEgress.Broadcast)).TestRun(frame);

    /// <summary>Packets <paramref name="path"/> sent, summed over CPUs.</summary>
    public ulong Transmitted(ElectrodeProgram path)
    {
        var perCpu = _loaded.Map(nameof(ElectrodeMaps.Counters)).LookupPerCpu<uint, PathCounters>((uint)path);
        Assert.NotNull(perCpu);
        return perCpu.Aggregate(0ul, (sum, counters) => sum + counters.Transmitted);
    }

    public ControlState State => Lookup<ControlState>(nameof(ElectrodeMaps.Control), 0);

    public QuorumSlot Slot(ulong op) => Lookup<QuorumSlot>(nameof(ElectrodeMaps.QuorumSlots), (uint)op & QuorumSlot.IndexMask);

    private T Lookup<T>(string map, uint key) where T : unmanaged
    {
        Assert.True(_loaded.Map(map).TryLookup(key, out T value), $"{map}[{key}] is missing");
        return value;
    }

    public void Dispose()
    {
        _loaded.Dispose();
        _object.Dispose();
    }
}
