namespace BpfSharp.InProcess;

/// <summary>What one program run (with its tail calls) has done so far.</summary>
internal sealed class RunState(PacketBuffer packet)
{
    /// <summary><c>MAX_TAIL_CALL_CNT</c>: tail calls allowed in one chain.</summary>
    public const int MaxTailCalls = 33;

    public PacketBuffer Packet { get; } = packet;
    /// <summary>Tail calls that jumped to another program.</summary>
    public int TailCalls { get; set; }
    /// <summary>Tail calls counted against <see cref="MaxTailCalls"/>, as the kernel's <see cref="TailCallCounting"/> counts them.</summary>
    public int CountedTailCalls { get; set; }
    public uint? RedirectTarget { get; set; }
    public List<EmittedPacket> Emitted { get; } = [];
    public List<RingRecord> RingRecords { get; } = [];

    /// <summary>Map memory released during the run, freed when it ends.</summary>
    public List<nint> Retired { get; } = [];
}
