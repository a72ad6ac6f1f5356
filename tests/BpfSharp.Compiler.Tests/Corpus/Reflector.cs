using BpfSharp;
using BpfSharp.Net;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A UDP echo reflector: swaps MAC addresses, IPv4 addresses and ports, decrements the TTL with an incremental checksum, and sends the frame back.</summary>
public static unsafe class Reflector
{
    [Map] public static readonly ArrayMap<ulong> Reflected = new(1);

    [Xdp]
    public static XdpAction Reflect(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherTypeBE != ByteOrder.ToNetwork(EtherType.Ipv4)) return XdpAction.Pass;
        Ipv4Header* ip = ctx.Header<Ipv4Header>(14);
        if (ip == null || ip->VersionAndLength != 0x45 || ip->Protocol != IpProtocol.Udp) return XdpAction.Pass;
        UdpHeader* udp = ctx.Header<UdpHeader>(34);
        if (udp == null || ip->TimeToLive <= 1) return XdpAction.Pass;

        for (int i = 0; i < 6; i++)
        {
            byte mac = eth->Destination[i];
            eth->Destination[i] = eth->Source[i];
            eth->Source[i] = mac;
        }

        uint address = ip->SourceBE;
        ip->SourceBE = ip->DestinationBE;
        ip->DestinationBE = address;
        ushort port = udp->SourcePortBE;
        udp->SourcePortBE = udp->DestinationPortBE;
        udp->DestinationPortBE = port;
        udp->ChecksumBE = 0;

        uint sum = (uint)ByteOrder.ToHost(ip->ChecksumBE) + 0x0100;
        ip->TimeToLive -= 1;
        ip->ChecksumBE = ByteOrder.ToNetwork((ushort)(sum + (sum >> 16)));

        ulong* count = Reflected.Lookup(0);
        if (count != null) *count += 1;
        return XdpAction.Tx;
    }
}
