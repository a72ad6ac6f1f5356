using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Messages;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.FastPath.Simulated;

/// <summary>
/// One replica's kernel, simulated: an <see cref="InProcessKernel"/> whose maps are configured as userspace configures
/// the attached object (replica table, handler slots, control state), on which <see cref="SimulatedDataPlane"/> runs
/// the Electrode programs for every frame the replica sends or receives. A rebuilt replica gets a new one, as a
/// rebooted machine starts with fresh maps.
/// </summary>
public sealed class SimulatedFastPath : IFastPath, IHandOverSignal, IDisposable
{
    /// <summary>The interface the programs are attached to.</summary>
    public const uint Ifindex = 1;

    private readonly FastPaths enabled;
    private readonly IRingBufferReader prepared;
    private readonly ControlWordExchange control;
    private readonly HandOverReader handOvers;
    private readonly Func<Action<PrepareMessage>, int> consumeAvailable;

    internal SimulatedFastPath(SimulatedNetwork network, int index, FastPaths enabled)
    {
        this.enabled = enabled;
        Index = index;
        Kernel = new InProcessKernel();
        var replicas = Kernel.Map(ElectrodeMaps.Replicas);
        for (int i = 0; i < network.Configuration.Count; i++)
        {
            var host = network.ReplicaHost(i);
            Check(replicas.Update((uint)i, ReplicaEntries.For(host.Address, host.Mac)), $"replica {i}'s entry");
        }
        Kernel.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.FastReply, FastReply.ReplyToPrepare);
        Kernel.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.QuorumPrune, QuorumPrune.PruneVotes);
        Kernel.AddDevice(Ifindex);
        prepared = Kernel.RingBufferReader(ElectrodeMaps.Prepared);
        unsafe
        {
            control = new ControlWordExchange(Kernel.Map(ElectrodeMaps.Control).ElementPointer(0));
        }
        // Every record is in the ring once the program returned: a drain that does not catch up at once never will.
        handOvers = new HandOverReader(control, TimeSpan.Zero);
        consumeAvailable = ConsumeAvailable;
    }

    /// <inheritdoc />
    public event Action? PreparesHandedOver;

    /// <summary>The replica this kernel serves.</summary>
    public int Index { get; }

    /// <summary>The simulated kernel, for tests that inspect its maps.</summary>
    public InProcessKernel Kernel { get; }

    /// <inheritdoc />
    public FastPaths Capabilities => enabled;

    /// <summary>Ring-buffer records that did not hold a decodable Prepare (never appended; each also counted by the kernel as answered).</summary>
    public long UndecodableHandOvers => handOvers.Undecodable;

    /// <summary>The kernel's control state as last written, or null before the first publication.</summary>
    public ControlState? KernelState => Kernel.Map(ElectrodeMaps.Control).Lookup(0) is { ReplicaCount: > 0 } state
        ? state
        : null;

    /// <summary>What <paramref name="path"/> did so far, summed over CPUs.</summary>
    public PathTotals Counters(ElectrodeProgram path) => PathTotals.Sum(Kernel.Map(ElectrodeMaps.Counters).Lookup((uint)path)!);

    /// <inheritdoc />
    public ControlPublication PublishControlState(in ReplicaState state) =>
        control.TryPublish(KernelControlState.From(state, enabled)) ? ControlPublication.Published : ControlPublication.DataPlaneAhead;

    /// <inheritdoc />
    public int DrainHandedOverPrepares(Action<PrepareMessage> append) => handOvers.Drain(consumeAvailable, append);

    private int ConsumeAvailable(Action<PrepareMessage> append)
    {
        int passed = 0;
        while (prepared.TryRead(out var record))
            passed += handOvers.Take(record, append);
        return passed;
    }

    /// <summary>Frees the kernel's maps.</summary>
    public void Dispose()
    {
        prepared.Dispose();
        Kernel.Dispose();
    }

    /// <summary>Tells the replica that Prepares wait in the ring buffer (the wake-up of its poll).</summary>
    internal void SignalHandedOver() => PreparesHandedOver?.Invoke();

    private static void Check(int error, string what)
    {
        if (error != 0)
            throw new InvalidOperationException($"writing {what} into the simulated kernel failed with error {error}");
    }
}
