using BpfSharp.Net;

namespace BpfSharp.Runtime.Tests.Samples;

/// <summary>
/// Subset-style TC sample in the manner of Electrode's broadcast: a datagram to the group port is cloned to every
/// configured peer, each copy with its destination address rewritten and the IP checksum patched incrementally.
/// </summary>
public static unsafe class TcFanOut
{
    public const int MaxPeers = 4;
    public const ushort GroupPort = 9000;

    public struct Peer
    {
        public uint AddressBE;
        public uint Ifindex;
    }

    public struct Settings
    {
        public uint PeerCount;
    }

    [Map] public static readonly ArrayMap<Peer> Peers = new(maxEntries: MaxPeers);
    [Map] public static readonly ArrayMap<Settings> Config = new(maxEntries: 1);

    private const uint DestinationOffset = 14 + 16;
    private const uint ChecksumOffset = 14 + 10;

    [Tc]
    public static TcAction Run(TcContext ctx)
    {
        Ipv4Header* ip = ctx.Header<Ipv4Header>(14);
        UdpHeader* udp = ctx.Header<UdpHeader>(34);
        Settings* settings = Config.Lookup(0);
        if (ip == null || udp == null || settings == null || ip->Protocol != IpProtocol.Udp
            || udp->DestinationPortBE != ByteOrder.ToNetwork(GroupPort))
            return TcAction.Ok;

        uint original = ip->DestinationBE;
        ushort checksum = ip->ChecksumBE;
        for (uint i = 0; i < MaxPeers && i < settings->PeerCount; i++)
        {
            Peer* peer = Peers.Lookup(i);
            if (peer == null)
                break;
            uint destination = peer->AddressBE;
            ushort patched = Checksum.Fold(Checksum.Diff(&original, 4, &destination, 4, (ushort)~checksum));
            if (ctx.StoreBytes(DestinationOffset, &destination, 4) != 0 || ctx.StoreBytes(ChecksumOffset, &patched, 2) != 0)
                return TcAction.Shot;
            ctx.CloneRedirect(peer->Ifindex);
        }
        return TcAction.Shot;
    }
}
