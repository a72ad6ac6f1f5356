using BpfSharp.Net;

namespace BpfSharp.Runtime.Tests.Samples;

/// <summary>
/// Subset-style XDP sample: answers UDP datagrams to the echo port straight from the driver by swapping addresses and
/// sending the frame back with XDP_TX; counts what it saw per CPU.
/// </summary>
public static unsafe class UdpEcho
{
    public const ushort EchoPort = 7;
    public const uint Echoed = 0;
    public const uint Passed = 1;

    [Map] public static readonly PerCpuArrayMap<ulong> Stats = new(maxEntries: 2);

    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        Ipv4Header* ip = ctx.Header<Ipv4Header>(14);
        UdpHeader* udp = ctx.Header<UdpHeader>(34);
        if (eth == null || ip == null || udp == null)
            return Count(Passed, XdpAction.Pass);
        if (eth->EtherTypeBE != ByteOrder.ToNetwork(EtherType.Ipv4) || ip->VersionAndLength != 0x45
            || ip->Protocol != IpProtocol.Udp || udp->DestinationPortBE != ByteOrder.ToNetwork(EchoPort))
            return Count(Passed, XdpAction.Pass);

        for (int i = 0; i < 6; i++)
        {
            byte b = eth->Destination[i];
            eth->Destination[i] = eth->Source[i];
            eth->Source[i] = b;
        }
        (ip->SourceBE, ip->DestinationBE) = (ip->DestinationBE, ip->SourceBE);
        (udp->SourcePortBE, udp->DestinationPortBE) = (udp->DestinationPortBE, udp->SourcePortBE);
        udp->ChecksumBE = 0;
        return Count(Echoed, XdpAction.Tx);
    }

    private static XdpAction Count(uint counter, XdpAction verdict)
    {
        ulong* value = Stats.Lookup(counter);
        if (value != null)
            (*value)++;
        return verdict;
    }
}
