using BpfSharp;
using BpfSharp.Net;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Static readonly configuration (.rodata, settable by the loader) and consts, read by a UDP port filter.</summary>
public static unsafe class Configuration
{
    private const int EthernetLength = 14;
    private static readonly ushort s_port = 4000;
    private static readonly bool s_dropOthers = false;
    private static readonly byte s_ttlFloor = 2;

    [Xdp]
    public static XdpAction Filter(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherTypeBE != ByteOrder.ToNetwork(EtherType.Ipv4)) return XdpAction.Pass;
        Ipv4Header* ip = ctx.Header<Ipv4Header>(EthernetLength);
        if (ip == null || ip->Protocol != IpProtocol.Udp || (ip->VersionAndLength & 0x0F) != 5) return XdpAction.Pass;
        if (ip->TimeToLive < s_ttlFloor) return XdpAction.Drop;
        UdpHeader* udp = ctx.Header<UdpHeader>(EthernetLength + 20);
        if (udp == null) return XdpAction.Pass;
        if (ByteOrder.ToHost(udp->DestinationPortBE) == s_port) return XdpAction.Tx;
        return s_dropOthers ? XdpAction.Drop : XdpAction.Pass;
    }
}
