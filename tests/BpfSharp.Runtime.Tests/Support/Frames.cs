using System.Buffers.Binary;

namespace BpfSharp.Runtime.Tests.Support;

/// <summary>Builds Ethernet/IPv4/UDP frames byte by byte, independently of the runtime's header structs.</summary>
public static class Frames
{
    public const int EthernetLength = 14;
    public const int Ipv4Length = 20;
    public const int UdpLength = 8;
    public const int HeadersLength = EthernetLength + Ipv4Length + UdpLength;

    public static readonly byte[] MacA = [0x02, 0, 0, 0, 0, 0x0a];
    public static readonly byte[] MacB = [0x02, 0, 0, 0, 0, 0x0b];

    /// <summary>A frame of <paramref name="length"/> bytes: an Ethernet header (EtherType 0x88b5, local experimental) and a counting payload.</summary>
    public static byte[] Raw(int length = 64)
    {
        var frame = new byte[length];
        MacB.CopyTo(frame, 0);
        MacA.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x88b5);
        for (int i = EthernetLength; i < length; i++)
            frame[i] = (byte)i;
        return frame;
    }

    /// <summary>An Ethernet/IPv4/UDP frame with a correct IP header checksum and no UDP checksum.</summary>
    public static byte[] Udp(uint sourceIp, uint destinationIp, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload,
        byte ttl = 64)
    {
        var frame = new byte[HeadersLength + payload.Length];
        MacB.CopyTo(frame, 0);
        MacA.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        Span<byte> ip = frame.AsSpan(EthernetLength, Ipv4Length);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(Ipv4Length + UdpLength + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], 0x1234);
        ip[8] = ttl;
        ip[9] = 17;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], sourceIp);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destinationIp);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Rfc1071.Checksum(ip));
        Span<byte> udp = frame.AsSpan(EthernetLength + Ipv4Length, UdpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(UdpLength + payload.Length));
        payload.CopyTo(frame.AsSpan(HeadersLength));
        return frame;
    }

    public static uint Ip(byte a, byte b, byte c, byte d) => (uint)(a << 24 | b << 16 | c << 8 | d);
}
