namespace BpfSharp.InProcess;

/// <summary>
/// What one program run produced, as <c>BPF_PROG_TEST_RUN</c> reports it (return code, output frame) plus the side
/// effects a test wants to see: packets sent, ring-buffer records submitted, tail calls taken.
/// </summary>
public abstract class RunResult
{
    private protected RunResult(byte[] packet, IReadOnlyList<EmittedPacket> emitted, IReadOnlyList<RingRecord> ringRecords,
        uint? redirectIfindex, int tailCalls)
    {
        Packet = packet;
        Emitted = emitted;
        RingRecords = ringRecords;
        RedirectIfindex = redirectIfindex;
        TailCalls = tailCalls;
    }

    /// <summary>The frame as the program left it (after any adjust-head/tail), whatever the verdict.</summary>
    public byte[] Packet { get; }

    /// <summary>Packets sent to simulated devices, in the order sent (clones first, then the frame itself on TX/redirect).</summary>
    public IReadOnlyList<EmittedPacket> Emitted { get; }

    /// <summary>Ring-buffer records submitted during this run, in submission order (they also wait for the ring's reader).</summary>
    public IReadOnlyList<RingRecord> RingRecords { get; }

    /// <summary>The interface the last <c>bpf_redirect</c> of this run chose, or null when none was called.</summary>
    public uint? RedirectIfindex { get; }

    /// <summary>Number of tail calls that jumped (at most 33; a call to an empty slot falls through and does not count).</summary>
    public int TailCalls { get; }
}

/// <summary>The result of <see cref="InProcessKernel.RunXdp"/>.</summary>
public sealed class XdpRunResult : RunResult
{
    internal XdpRunResult(XdpAction action, byte[] packet, IReadOnlyList<EmittedPacket> emitted,
        IReadOnlyList<RingRecord> ringRecords, uint? redirectIfindex, int tailCalls)
        : base(packet, emitted, ringRecords, redirectIfindex, tailCalls) => Action = action;

    /// <summary>The verdict of the last program of the chain.</summary>
    public XdpAction Action { get; }
}

/// <summary>The result of <see cref="InProcessKernel.RunTc"/>.</summary>
public sealed class TcRunResult : RunResult
{
    internal TcRunResult(TcAction action, byte[] packet, IReadOnlyList<EmittedPacket> emitted,
        IReadOnlyList<RingRecord> ringRecords, uint? redirectIfindex, int tailCalls)
        : base(packet, emitted, ringRecords, redirectIfindex, tailCalls) => Action = action;

    /// <summary>The verdict (return code) of the last program of the chain.</summary>
    public TcAction Action { get; }
}
