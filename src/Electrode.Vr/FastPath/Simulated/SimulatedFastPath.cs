using System.Buffers.Binary;
using System.Runtime.InteropServices;
using BpfSharp;
using BpfSharp.InProcess;
using BpfSharp.Net;
using Electrode.Programs;
using Electrode.Programs.Layout;
using Electrode.Vr.Messages;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Simulated;
using Electrode.Vr.Wire;
using ProgramPath = Electrode.Programs.Layout.FastPath;

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

    private static readonly int DatagramOffset = (int)Marshal.OffsetOf<PreparedDatagram>(nameof(PreparedDatagram.Datagram));

    private readonly FastPathCapabilities enabled;
    private readonly IRingBufferReader prepared;

    internal SimulatedFastPath(SimulatedNetwork network, int index, FastPathCapabilities enabled)
    {
        this.enabled = enabled;
        Index = index;
        Kernel = new InProcessKernel();
        var replicas = Kernel.Map(ElectrodeMaps.Replicas);
        for (int i = 0; i < network.Configuration.Count; i++)
            Check(replicas.Update((uint)i, EntryOf(network.ReplicaHost(i))), $"replica {i}'s entry");
        Kernel.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.FastReply, FastReply.ReplyToPrepare);
        Kernel.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.QuorumPrune, QuorumPrune.PruneVotes);
        Kernel.AddDevice(Ifindex);
        prepared = Kernel.RingBufferReader(ElectrodeMaps.Prepared);
    }

    /// <inheritdoc />
    public event Action? PreparesHandedOver;

    /// <summary>The replica this kernel serves.</summary>
    public int Index { get; }

    /// <summary>The simulated kernel, for tests that inspect its maps.</summary>
    public InProcessKernel Kernel { get; }

    /// <inheritdoc />
    public FastPathCapabilities Capabilities => enabled;

    /// <summary>Ring-buffer records that did not hold a decodable Prepare (never appended; each also counted by the kernel as answered).</summary>
    public long UndecodableHandOvers { get; private set; }

    /// <summary>The kernel's control state as last written, or null before the first publication.</summary>
    public Programs.Layout.ControlState? KernelState => Kernel.Map(ElectrodeMaps.Control).Lookup(0) is { ReplicaCount: > 0 } state
        ? state
        : null;

    /// <summary>What <paramref name="path"/> did so far, summed over CPUs.</summary>
    public PathTotals Counters(ProgramPath path) => PathTotals.Sum(Kernel.Map(ElectrodeMaps.Counters).Lookup((uint)path)!);

    /// <inheritdoc />
    public void PublishControlState(in ControlState state) =>
        Check(Kernel.Map(ElectrodeMaps.Control).Update(0, KernelControlState.From(state, enabled)), "the control state");

    /// <inheritdoc />
    public int DrainHandedOverPrepares(Action<PrepareMessage> append)
    {
        int passed = 0;
        while (prepared.TryRead(out var record))
        {
            if (DecodePrepare(record) is { } prepare)
            {
                passed++;
                append(prepare);
            }
            else
            {
                UndecodableHandOvers++;
            }
        }
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

    private static PrepareMessage? DecodePrepare(byte[] record)
    {
        if (record.Length < DatagramOffset)
            return null;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(record);
        if (length == 0 || length > DatagramBytes.Capacity || DatagramOffset + length > record.Length)
            return null;
        return MessageDecoder.TryDecode(record.AsSpan(DatagramOffset, (int)length)).Message as PrepareMessage;
    }

    private static unsafe ReplicaEntry EntryOf(SimulatedHost host)
    {
        var entry = new ReplicaEntry
        {
            AddressBE = ByteOrder.ToNetwork(host.Address.Ipv4),
            PortBE = ByteOrder.ToNetwork(host.Address.Port),
        };
        for (int b = 0; b < MacAddress.Length; b++)
            entry.Mac.Bytes[b] = host.Mac[b];
        return entry;
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
            throw new InvalidOperationException($"writing {what} into the simulated kernel failed with error {error}");
    }
}
