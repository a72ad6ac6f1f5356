using System.Runtime.InteropServices;
using BpfSharp.InProcess.Storage;

namespace BpfSharp.InProcess;

// The run harness: BPF_PROG_TEST_RUN in-process, with tail calls and the side effects of a run.
public sealed unsafe partial class InProcessKernel
{
    /// <summary>Longest frame <see cref="RunXdp"/> accepts: one page less the XDP headroom and <c>skb_shared_info</c>.</summary>
    public static int MaxXdpFrameLength => PacketBuffer.MaxFrameLength(PacketKind.Xdp);

    /// <summary>Longest frame <see cref="RunTc"/> accepts: one page less the skb headroom and <c>skb_shared_info</c>.</summary>
    public static int MaxTcFrameLength => PacketBuffer.MaxFrameLength(PacketKind.SocketBuffer);

    /// <summary>
    /// Runs an XDP program on a copy of <paramref name="frame"/> arriving on device <paramref name="ifindex"/> (added if
    /// new), laid out as <c>BPF_PROG_TEST_RUN</c> does: 256 bytes of headroom, at most 3520 bytes of frame. Tail calls
    /// run on the same packet. <c>XDP_TX</c> puts the final frame on the ingress device's transmit queue; a redirect
    /// verdict puts it on the target's (dropped, as by the kernel, when the target is unknown).
    /// </summary>
    /// <param name="program">The program, e.g. a method group of an <see cref="XdpAttribute"/> method.</param>
    /// <param name="frame">The frame from its Ethernet header on.</param>
    /// <param name="ifindex"><c>xdp_md.ingress_ifindex</c>.</param>
    /// <param name="rxQueue"><c>xdp_md.rx_queue_index</c>.</param>
    /// <exception cref="ArgumentException">The frame is shorter than 14 bytes or longer than 3520.</exception>
    /// <exception cref="InvalidOperationException">
    /// The program left a ring-buffer reservation unreleased or tail-called into a TC program (the verifier rejects both).
    /// </exception>
    public XdpRunResult RunXdp(Func<XdpContext, XdpAction> program, ReadOnlySpan<byte> frame, uint ifindex = 1, uint rxQueue = 0)
    {
        ArgumentNullException.ThrowIfNull(program);
        lock (_gate)
        {
            SimulatedDevice ingress = AddDevice(ifindex);
            using var packet = PacketBuffer.Create(PacketKind.Xdp, frame, ifindex, rxQueue);
            var run = new RunState(packet);
            var action = (XdpAction)Execute(run, program, entry => entry is Func<XdpContext, XdpAction> xdp
                ? (int)xdp(new XdpContext(packet))
                : throw WrongProgramType("an XDP", "a TC"));
            byte[] output = packet.ToArray();
            if (action == XdpAction.Tx)
                Emit(run, ingress, output, ingress: false);
            else if (action == XdpAction.Redirect)
                EmitToRedirectTarget(run, output);
            return new XdpRunResult(action, output, run.Emitted, run.RingRecords, run.RedirectTarget, run.TailCalls);
        }
    }

    /// <summary>
    /// Runs a TC classifier on a copy of <paramref name="frame"/> on device <paramref name="ifindex"/> (added if new),
    /// laid out as <c>BPF_PROG_TEST_RUN</c> lays out an skb (64 bytes of headroom). A redirect verdict puts the final
    /// frame on the target's transmit queue; clones made with <c>bpf_clone_redirect</c> are on their devices already.
    /// </summary>
    /// <param name="program">The program, e.g. a method group of a <see cref="TcAttribute"/> method.</param>
    /// <param name="frame">The frame from its Ethernet header on.</param>
    /// <param name="ifindex"><c>__sk_buff.ifindex</c>.</param>
    /// <param name="mark"><c>__sk_buff.mark</c>.</param>
    /// <exception cref="ArgumentException">The frame is shorter than 14 bytes or does not fit one page.</exception>
    /// <exception cref="InvalidOperationException">
    /// The program left a ring-buffer reservation unreleased or tail-called into an XDP program.
    /// </exception>
    public TcRunResult RunTc(Func<TcContext, TcAction> program, ReadOnlySpan<byte> frame, uint ifindex = 1, uint mark = 0)
    {
        ArgumentNullException.ThrowIfNull(program);
        lock (_gate)
        {
            AddDevice(ifindex);
            using var packet = PacketBuffer.Create(PacketKind.SocketBuffer, frame, ifindex, mark: mark);
            var run = new RunState(packet);
            var action = (TcAction)Execute(run, program, entry => entry is Func<TcContext, TcAction> tc
                ? (int)tc(new TcContext(packet))
                : throw WrongProgramType("a TC", "an XDP"));
            byte[] output = packet.ToArray();
            if (action == TcAction.Redirect)
                EmitToRedirectTarget(run, output);
            return new TcRunResult(action, output, run.Emitted, run.RingRecords, run.RedirectTarget, run.TailCalls);
        }
    }

    /// <summary>The run in progress on this kernel.</summary>
    /// <exception cref="InvalidOperationException">No program runs.</exception>
    private RunState CurrentRun() => _run
        ?? throw new InvalidOperationException("this helper is only available while a program runs on this kernel");

    /// <summary>
    /// Runs <paramref name="entry"/> and the tail calls it takes, with this kernel as the thread's running kernel, then
    /// frees the memory maps retired during the run.
    /// </summary>
    private int Execute(RunState run, Delegate entry, Func<Delegate, int> invoke)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (CurrentCpu >= CpuCount)
            throw new InvalidOperationException($"CurrentCpu is {CurrentCpu} but the kernel has {CpuCount} CPUs");
        RunState? outerRun = _run;
        _run = run;
        IProgramHost? outerHost = ProgramHost.Exchange(this);
        int verdict;
        int leaked;
        try
        {
            verdict = RunChain(run, entry, invoke);
        }
        finally
        {
            _run = outerRun;
            ProgramHost.Exchange(outerHost);
            leaked = DiscardLeakedReservations();
            foreach (nint block in run.Retired)
                NativeMemory.AlignedFree((void*)block);
        }
        if (leaked > 0)
            throw new InvalidOperationException(
                $"the program ended with {leaked} ring-buffer reservation(s) neither submitted nor discarded "
                + "(the verifier rejects this: every path must release a reservation); they were discarded");
        return verdict;
    }

    private static int RunChain(RunState run, Delegate entry, Func<Delegate, int> invoke)
    {
        Delegate current = entry;
        while (true)
        {
            try
            {
                return invoke(current);
            }
            catch (TailCallException jump) when (jump.Run == run)
            {
                current = jump.Target;
            }
        }
    }

    /// <summary>
    /// Discards reservations left when the outermost run ends (a nested run may not release its caller's); returns how
    /// many there were.
    /// </summary>
    private int DiscardLeakedReservations()
    {
        int leaked = 0;
        if (_run is not null)
            return leaked;
        foreach (MapStorage storage in _maps.Values)
            if (storage is RingStorage ring)
                leaked += ring.DiscardOutstanding();
        return leaked;
    }

    private void EmitToRedirectTarget(RunState run, byte[] frame)
    {
        if (run.RedirectTarget is { } target && _devices.TryGetValue(target, out SimulatedDevice? device))
            Emit(run, device, frame, ingress: false);
    }

    private static InvalidOperationException WrongProgramType(string caller, string target) => new(
        $"{caller} program tail-called into {target} program; a program array holds programs of the caller's type only");
}
