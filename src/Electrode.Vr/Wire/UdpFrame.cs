using System.Buffers.Binary;
using Electrode.Vr.Transport;

namespace Electrode.Vr.Wire;

/// <summary>
/// Ethernet II + IPv4 (no options) + UDP framing of a datagram, as a NIC would hand it to an XDP program.
/// The IPv4 header checksum is computed; the UDP checksum is left zero (optional over IPv4), and a non-zero
/// one is verified on parse.
/// </summary>
public static class UdpFrame
{
    /// <summary>Ethernet II header: destination MAC, source MAC, ethertype.</summary>
    public const int EthernetHeaderSize = 14;

    /// <summary>IPv4 header without options.</summary>
    public const int Ipv4HeaderSize = 20;

    /// <summary>UDP header.</summary>
    public const int UdpHeaderSize = 8;

    /// <summary>Bytes before the UDP payload of a frame this class builds.</summary>
    public const int HeaderSize = EthernetHeaderSize + Ipv4HeaderSize + UdpHeaderSize;

    /// <summary>Largest UDP payload in one IPv4 datagram.</summary>
    public const int MaxPayload = ushort.MaxValue - Ipv4HeaderSize - UdpHeaderSize;

    /// <summary>Length of a MAC address.</summary>
    public const int MacLength = 6;

    private const ushort EtherTypeIpv4 = 0x0800;
    private const byte ProtocolUdp = 17;

    /// <summary>Builds a frame carrying <paramref name="payload"/> from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static byte[] Build(ReadOnlySpan<byte> sourceMac, ReadOnlySpan<byte> destinationMac,
        EndpointAddress source, EndpointAddress destination, ReadOnlySpan<byte> payload)
    {
        if (sourceMac.Length != MacLength || destinationMac.Length != MacLength)
            throw new ArgumentException("MAC addresses have 6 bytes");
        if (payload.Length > MaxPayload)
            throw new ArgumentException($"a UDP payload has at most {MaxPayload} bytes, not {payload.Length}", nameof(payload));

        var frame = new byte[HeaderSize + payload.Length];
        var span = frame.AsSpan();
        destinationMac.CopyTo(span);
        sourceMac.CopyTo(span[MacLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], EtherTypeIpv4);

        var ip = span.Slice(EthernetHeaderSize, Ipv4HeaderSize);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(Ipv4HeaderSize + UdpHeaderSize + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000); // don't fragment: large messages use Electrode fragments
        ip[8] = 64;
        ip[9] = ProtocolUdp;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source.Ipv4);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destination.Ipv4);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum(ip));

        var udp = span.Slice(EthernetHeaderSize + Ipv4HeaderSize, UdpHeaderSize);
        BinaryPrimitives.WriteUInt16BigEndian(udp, source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destination.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(UdpHeaderSize + payload.Length));
        payload.CopyTo(span[HeaderSize..]);
        return frame;
    }

    /// <summary>
    /// Reads the addresses and payload position of an IPv4/UDP frame. False (with a reason) for anything else:
    /// other ethertypes or protocols, bad lengths, a wrong IPv4 header checksum, a wrong non-zero UDP checksum.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out UdpFrameInfo info, out string? error)
    {
        info = default;
        error = null;
        if (frame.Length < HeaderSize)
            return Fail(out error, $"{frame.Length} bytes cannot hold Ethernet, IPv4 and UDP headers");
        if (BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EtherTypeIpv4)
            return Fail(out error, "not IPv4");
        var ipAndRest = frame[EthernetHeaderSize..];
        int ipHeaderLength = (ipAndRest[0] & 0x0f) * 4;
        if (ipAndRest[0] >> 4 != 4 || ipHeaderLength < Ipv4HeaderSize)
            return Fail(out error, "bad IPv4 version or header length");
        int ipTotalLength = BinaryPrimitives.ReadUInt16BigEndian(ipAndRest[2..]);
        if (ipTotalLength > ipAndRest.Length || ipTotalLength < ipHeaderLength + UdpHeaderSize)
            return Fail(out error, $"IPv4 total length {ipTotalLength} does not fit the frame");
        if (ipAndRest[9] != ProtocolUdp)
            return Fail(out error, "not UDP");
        if (InternetChecksum(ipAndRest[..ipHeaderLength]) != 0)
            return Fail(out error, "wrong IPv4 header checksum");

        var udp = ipAndRest[ipHeaderLength..ipTotalLength];
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (udpLength < UdpHeaderSize || udpLength > udp.Length)
            return Fail(out error, $"UDP length {udpLength} does not fit the IPv4 payload");
        uint sourceIp = BinaryPrimitives.ReadUInt32BigEndian(ipAndRest[12..]);
        uint destinationIp = BinaryPrimitives.ReadUInt32BigEndian(ipAndRest[16..]);
        if (BinaryPrimitives.ReadUInt16BigEndian(udp[6..]) != 0 && UdpChecksum(sourceIp, destinationIp, udp[..udpLength]) != 0)
            return Fail(out error, "wrong UDP checksum");

        info = new UdpFrameInfo(
            new EndpointAddress(sourceIp, BinaryPrimitives.ReadUInt16BigEndian(udp)),
            new EndpointAddress(destinationIp, BinaryPrimitives.ReadUInt16BigEndian(udp[2..])),
            EthernetHeaderSize + ipHeaderLength + UdpHeaderSize,
            udpLength - UdpHeaderSize);
        return true;
    }

    /// <summary>The ones'-complement sum used by IPv4 and UDP; zero over a header that includes a correct checksum.</summary>
    public static ushort InternetChecksum(ReadOnlySpan<byte> bytes) => Fold(Sum(bytes, 0));

    private static ushort UdpChecksum(uint sourceIp, uint destinationIp, ReadOnlySpan<byte> udp)
    {
        ulong sum = (sourceIp >> 16) + (sourceIp & 0xffff) + (destinationIp >> 16) + (destinationIp & 0xffff)
                    + ProtocolUdp + (ulong)udp.Length;
        return Fold(Sum(udp, sum));
    }

    private static ulong Sum(ReadOnlySpan<byte> bytes, ulong sum)
    {
        int i = 0;
        for (; i + 1 < bytes.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(bytes[i..]);
        if (i < bytes.Length)
            sum += (ulong)bytes[i] << 8;
        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while (sum >> 16 != 0)
            sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    private static bool Fail(out string? error, string reason)
    {
        error = reason;
        return false;
    }
}

/// <summary>Where a UDP frame comes from and goes to, and where its payload lies.</summary>
/// <param name="Source">IPv4 source address and UDP source port.</param>
/// <param name="Destination">IPv4 destination address and UDP destination port.</param>
/// <param name="PayloadOffset">Offset of the UDP payload in the frame.</param>
/// <param name="PayloadLength">Length of the UDP payload.</param>
public readonly record struct UdpFrameInfo(EndpointAddress Source, EndpointAddress Destination, int PayloadOffset, int PayloadLength);
