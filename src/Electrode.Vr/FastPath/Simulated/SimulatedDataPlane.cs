using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs;
using Electrode.Programs.Layout;
using Electrode.Vr.Transport.Simulated;
using Electrode.Vr.Wire;

namespace Electrode.Vr.FastPath.Simulated;

/// <summary>
/// The Electrode programs themselves on a <see cref="SimulatedNetwork"/>: each replica host has a kernel
/// (<see cref="SimulatedFastPath"/>) on which every frame it sends passes the TC egress program and every frame it
/// receives passes the XDP dispatcher and the handlers it tail-calls. Clients, and replicas without a kernel, pass
/// frames unchanged.
/// </summary>
/// <remarks>
/// The in-process kernel runs frames of up to one page (<see cref="InProcessKernel.MaxXdpFrameLength"/>,
/// <see cref="InProcessKernel.MaxTcFrameLength"/>). Larger frames (jumbo state transfers, view changes and their
/// Electrode fragments) go up or out untouched, as the programs would treat them: fragments and Prepares too large for
/// a ring-buffer record fall back, other kinds pass, and the one drop the programs would make (a Prepare of an older
/// view) is a message userspace ignores. A larger frame sent with the broadcast bit cannot be copied, and is refused
/// with an exception rather than delivered to one replica. Copies that pass the egress program again are bounded by
/// <see cref="MaxEgressNesting"/>, so a program that broadcast its own copies would show up in
/// <see cref="EgressNestingDrops"/> and the broadcast counters instead of recursing without end.
/// </remarks>
public sealed class SimulatedDataPlane : ISimulatedDataPlane, IDisposable
{
    private readonly SimulatedNetwork network;
    private readonly SimulatedFastPath?[] kernels;

    /// <summary>Creates the data plane of <paramref name="network"/> with the <paramref name="enabled"/> fast paths, and installs it.</summary>
    public SimulatedDataPlane(SimulatedNetwork network,
        FastPaths enabled = FastPaths.All)
    {
        this.network = network;
        Enabled = enabled;
        kernels = new SimulatedFastPath?[network.Configuration.Count];
        network.DataPlane = this;
    }

    /// <summary>The fast paths every replica's kernel enables.</summary>
    public FastPaths Enabled { get; }

    /// <inheritdoc />
    public bool SupportsBroadcast => Enabled.HasFlag(FastPaths.Broadcast);

    /// <summary>How deeply a frame's copies may pass the egress program again: the kernel's transmit recursion limit.</summary>
    public const int MaxEgressNesting = 8;

    /// <summary>Copies dropped because they nested beyond <see cref="MaxEgressNesting"/> (copies that broadcast again).</summary>
    public long EgressNestingDrops { get; private set; }

    /// <summary>Frames that bypassed the programs because they exceed one page.</summary>
    public long OversizeFramesPassed { get; private set; }

    /// <summary>The kernel of replica <paramref name="index"/>'s current incarnation, or null before it was booted.</summary>
    public SimulatedFastPath? KernelOf(int index) => kernels[index];

    /// <summary>
    /// Boots a fresh kernel for (a new incarnation of) replica <paramref name="index"/>, replacing and freeing the
    /// previous one; the replica built on it must be given the returned fast path.
    /// </summary>
    public SimulatedFastPath Boot(int index)
    {
        var fresh = new SimulatedFastPath(network, index, Enabled);
        kernels[index]?.Dispose();
        kernels[index] = fresh;
        return fresh;
    }

    /// <inheritdoc />
    public void Egress(SimulatedHost host, byte[] frame, ICollection<byte[]> output)
    {
        if (KernelOf(host) is not { } node)
        {
            output.Add(frame);
            return;
        }
        RunEgress(host, node, frame, output, depth: 0);
    }

    /// <inheritdoc />
    public IngressDecision Ingress(SimulatedHost host, byte[] frame)
    {
        if (KernelOf(host) is not { } node)
            return IngressDecision.Pass(frame);
        if (frame.Length > InProcessKernel.MaxXdpFrameLength)
        {
            OversizeFramesPassed++;
            return IngressDecision.Pass(frame);
        }
        var result = node.Kernel.RunXdp(IngressDispatcher.Dispatch, frame, SimulatedFastPath.Ifindex);
        var decision = DecisionOn(node, result);
        // The program has returned: the ring buffer wakes its reader now, as the kernel's wakes the replica's loop.
        if (result.RingRecords.Count > 0)
            node.SignalHandedOver();
        return decision;
    }

    private static IngressDecision DecisionOn(SimulatedFastPath node, XdpRunResult result)
    {
        switch (result.Action)
        {
            case XdpAction.Pass:
                return IngressDecision.Pass(result.Packet);
            case XdpAction.Tx or XdpAction.Redirect:
                // The only device is the one the frame came in on: what the program sent waits on its queue.
                var device = node.Kernel.Device(SimulatedFastPath.Ifindex);
                return device.TryDequeueTransmitted(out var sent) ? IngressDecision.Transmit(sent) : IngressDecision.Drop();
            default:
                return IngressDecision.Drop();
        }
    }

    /// <summary>Frees every kernel.</summary>
    public void Dispose()
    {
        for (int i = 0; i < kernels.Length; i++)
        {
            kernels[i]?.Dispose();
            kernels[i] = null;
        }
    }

    /// <summary>
    /// Runs the TC program on a frame leaving <paramref name="host"/>. Copies it makes with <c>bpf_clone_redirect</c> to
    /// the egress of the same interface pass the program again, as in the kernel, which drops a frame nested deeper
    /// than <see cref="MaxEgressNesting"/>.
    /// </summary>
    private void RunEgress(SimulatedHost host, SimulatedFastPath node, byte[] frame, ICollection<byte[]> output, int depth)
    {
        if (depth > MaxEgressNesting)
        {
            EgressNestingDrops++;
            return;
        }
        if (frame.Length > InProcessKernel.MaxTcFrameLength)
        {
            if (CarriesBroadcastBit(frame))
                throw new NotSupportedException(
                    $"{host} sent a {frame.Length}-byte frame with the broadcast bit; the in-process kernel runs TC programs on "
                    + $"frames of at most {InProcessKernel.MaxTcFrameLength} bytes, so it cannot copy it to the other replicas");
            OversizeFramesPassed++;
            output.Add(frame);
            return;
        }
        var result = node.Kernel.RunTc(BroadcastEgress.Broadcast, frame, SimulatedFastPath.Ifindex);
        var device = node.Kernel.Device(SimulatedFastPath.Ifindex);
        var copies = new List<byte[]>();
        while (device.TryDequeueTransmitted(out var copy))
            copies.Add(copy);
        foreach (var copy in copies)
            RunEgress(host, node, copy, output, depth + 1);
        // Shot drops the frame; a redirect queued it on the device, and it passed the program again with the copies.
        if (result.Action is TcAction.Ok or TcAction.Unspec)
            output.Add(result.Packet);
    }

    private SimulatedFastPath? KernelOf(SimulatedHost host) => host.ReplicaIndex is int index ? kernels[index] : null;

    private static bool CarriesBroadcastBit(byte[] frame)
    {
        if (!UdpFrame.TryParse(frame, out var info, out _))
            return false;
        var decoded = MessageDecoder.TryDecode(frame.AsSpan(info.PayloadOffset, info.PayloadLength));
        return decoded.IsSuccess && decoded.Header.IsBroadcast;
    }
}
