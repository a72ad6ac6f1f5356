using BpfSharp;
using BpfSharp.Net;
using Electrode.Programs.Layout;
using Electrode.Programs.Wire;

namespace Electrode.Programs.Parsing;

/// <summary>Checks and rewrites of the Ethernet, IPv4 and UDP headers, shared by the XDP and TC programs.</summary>
public static unsafe class Frames
{
    /// <summary>Length of an IPv4 header without options.</summary>
    public const uint Ipv4HeaderLength = 20;

    /// <summary>Length of a UDP header.</summary>
    public const uint UdpHeaderLength = 8;

    /// <summary>Length of an Ethernet header.</summary>
    public const uint EthernetHeaderLength = 14;

    /// <summary>Version 4 with a five-word header: the only IPv4 header the fast paths read.</summary>
    private const byte Ipv4WithoutOptions = 0x45;

    /// <summary>More-fragments flag and fragment offset of <see cref="Ipv4Header.FragmentBE"/>, in host order.</summary>
    private const ushort FragmentBits = 0x3fff;

    /// <summary>True for an IPv4 packet without options that carries UDP.</summary>
    public static bool IsIpv4Udp(FrameHeaders* frame) =>
        ByteOrder.ToHost(frame->Ethernet.EtherTypeBE) == EtherType.Ipv4
        && frame->Ip.VersionAndLength == Ipv4WithoutOptions
        && frame->Ip.Protocol == IpProtocol.Udp;

    /// <summary>True when the IPv4 packet is a fragment: its UDP header is absent or its datagram incomplete.</summary>
    public static bool IsIpFragment(FrameHeaders* frame) => (ByteOrder.ToHost(frame->Ip.FragmentBE) & FragmentBits) != 0;

    /// <summary>
    /// Length of the UDP payload when the IPv4 and UDP lengths agree and leave room for a datagram preamble, else 0.
    /// Bounded by <see cref="WireConstants.MaxIpLength"/>, so offsets computed from it stay in the verifier's range.
    /// </summary>
    public static uint DatagramLength(FrameHeaders* frame)
    {
        uint ipLength = ByteOrder.ToHost(frame->Ip.TotalLengthBE);
        uint udpLength = ByteOrder.ToHost(frame->Udp.LengthBE);
        if (ipLength > WireConstants.MaxIpLength || ipLength < Ipv4HeaderLength + UdpHeaderLength + 12)
            return 0;
        if (udpLength != ipLength - Ipv4HeaderLength)
            return 0;
        return udpLength - UdpHeaderLength;
    }

    /// <summary>
    /// True when a datagram of <paramref name="datagramLength"/> bytes with a type name of <paramref name="nameLength"/>
    /// bytes announces exactly the body that fills it.
    /// </summary>
    public static bool BodyFills(ulong bodyLength, uint nameLength, uint datagramLength) =>
        datagramLength >= WireConstants.FramingOverhead + nameLength
        && bodyLength == datagramLength - WireConstants.FramingOverhead - nameLength;

    /// <summary>True when the IPv4 header checksum is correct: the stack drops a header whose checksum is not.</summary>
    public static bool HasValidIpv4Checksum(Ipv4Header* ip) => Checksum.Fold(Checksum.Diff(null, 0, ip, Ipv4HeaderLength, 0)) == 0;

    /// <summary>
    /// True when the datagram carries a UDP checksum. The programs change payloads and addresses and cannot recompute
    /// it (and on egress the stack may still complete it after them), so they act only on datagrams sent without one.
    /// </summary>
    public static bool HasUdpChecksum(FrameHeaders* frame) => frame->Udp.ChecksumBE != 0;

    /// <summary>Sets the IPv4 header checksum of <paramref name="ip"/> (with <c>bpf_csum_diff</c> over the 20 bytes).</summary>
    public static void SetIpv4Checksum(Ipv4Header* ip)
    {
        ip->ChecksumBE = 0;
        ip->ChecksumBE = Checksum.Fold(Checksum.Diff(null, 0, ip, Ipv4HeaderLength, 0));
    }

    /// <summary>True when <paramref name="headers"/> come from <paramref name="replica"/>'s address and port.</summary>
    public static bool IsFrom(FrameHeaders* headers, ReplicaEntry* replica) =>
        headers->Ip.SourceBE == replica->AddressBE && headers->Udp.SourcePortBE == replica->PortBE;
}
