using BpfSharp;
using BpfSharp.Net;

namespace BpfApp;

/// <summary>
/// An XDP program: drops UDP datagrams to <see cref="s_blockedPort"/> and passes every other frame, counting both.
/// The same method runs in the kernel (from BpfApp.bpf.o) and in-process (in the tests).
/// </summary>
public static unsafe class PortFilter
{
    /// <summary>Index of the passed-frame counter in <see cref="Counters"/>.</summary>
    public const uint Passed = 0;

    /// <summary>Index of the dropped-frame counter in <see cref="Counters"/>.</summary>
    public const uint Dropped = 1;

    private const int EthernetLength = 14;

    // Configuration in .rodata: a loader may set it before loading the object, with no recompilation.
    private static readonly ushort s_blockedPort = 9;

    /// <summary>Frames passed and dropped.</summary>
    [Map] public static readonly ArrayMap<ulong> Counters = new(2);

    /// <summary>The entry point, attached to a network interface's receive path.</summary>
    [Xdp]
    public static XdpAction Filter(XdpContext ctx)
    {
        // Header<T> returns null when the header does not fit in the frame: every access below is in bounds.
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherTypeBE != ByteOrder.ToNetwork(EtherType.Ipv4)) return Count(Passed, XdpAction.Pass);
        Ipv4Header* ip = ctx.Header<Ipv4Header>(EthernetLength);
        if (ip == null || ip->VersionAndLength != 0x45 || ip->Protocol != IpProtocol.Udp) return Count(Passed, XdpAction.Pass);
        UdpHeader* udp = ctx.Header<UdpHeader>(EthernetLength + 20);
        if (udp == null || ByteOrder.ToHost(udp->DestinationPortBE) != s_blockedPort) return Count(Passed, XdpAction.Pass);
        return Count(Dropped, XdpAction.Drop);
    }

    private static XdpAction Count(uint index, XdpAction verdict)
    {
        ulong* count = Counters.Lookup(index);
        if (count != null) *count += 1;
        return verdict;
    }
}
