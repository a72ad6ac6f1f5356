using Electrode.Vr.Wire;

namespace Electrode.Vr.Transport.Datagrams;

/// <summary>
/// One registered receiver as the <see cref="DatagramPath"/> sees it, whatever carries its datagrams: what it is, the
/// fragments it is still reassembling, and the ids of the large messages it sends.
/// </summary>
internal class DatagramEndpoint(ITransportReceiver receiver, int? replicaIndex, ReassemblyLimits limits)
{
    private long lastFragmentMessageId;

    public ITransportReceiver Receiver { get; } = receiver;

    /// <summary>Index in the configuration, or null for a client.</summary>
    public int? ReplicaIndex { get; } = replicaIndex;

    /// <summary>Touched only by the thread that receives for this endpoint.</summary>
    public FragmentReassembler Reassembler { get; } = new(limits);

    /// <summary>A fresh id for the fragments of the next large message; sends may come from any thread.</summary>
    public ulong NextFragmentMessageId() => (ulong)Interlocked.Increment(ref lastFragmentMessageId);
}
