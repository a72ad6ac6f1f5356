using System.Buffers.Binary;

namespace Electrode.Faults.Tests.Support;

/// <summary>Ethernet/IPv4/UDP frames written byte by byte, independently of the runtime's header structs.</summary>
public static class Datagrams
{
    public const int EthernetLength = 14;
    public const int FlagsOffset = EthernetLength + 6;

    /// <summary>
    /// A UDP datagram from 127.0.0.1:<paramref name="sourcePort"/> to 127.0.0.1:<paramref name="destinationPort"/> with a
    /// correct IPv4 header checksum; <paramref name="optionWords"/> 32-bit words of IP options (NOPs) and the given flags
    /// and fragment offset word.
    /// </summary>
    public static byte[] Udp(ushort sourcePort, ushort destinationPort, int optionWords = 0, ushort flagsAndOffset = 0x4000, int payload = 32)
    {
        int ipLength = 20 + 4 * optionWords;
        var frame = new byte[EthernetLength + ipLength + 8 + payload];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        Span<byte> ip = frame.AsSpan(EthernetLength, ipLength);
        ip[0] = (byte)(0x40 | (ipLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(ipLength + 8 + payload));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], 0x2b1d);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], flagsAndOffset);
        ip[8] = 64;
        ip[9] = 17;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], 0x7f000001);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], 0x7f000001);
        ip[20..].Fill(1);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], HeaderChecksum(ip));
        Span<byte> udp = frame.AsSpan(EthernetLength + ipLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload));
        for (int i = 8; i < udp.Length; i++)
            udp[i] = (byte)i;
        return frame;
    }

    /// <summary>The flags and fragment offset word of a frame's IPv4 header, in host order.</summary>
    public static ushort Flags(byte[] frame) => BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(FlagsOffset));

    /// <summary>True when the IPv4 header (of length from its IHL) sums to 0xffff, checksum included.</summary>
    public static bool HeaderChecksumIsValid(byte[] frame)
    {
        int ipLength = (frame[EthernetLength] & 0x0f) * 4;
        return HeaderChecksum(frame.AsSpan(EthernetLength, ipLength)) == 0;
    }

    /// <summary>The frame with the reserved IPv4 flag set and the checksum recomputed from scratch: a clone as the injector marks it.</summary>
    public static byte[] MarkedAsClone(byte[] frame)
    {
        var marked = (byte[])frame.Clone();
        int ipLength = (marked[EthernetLength] & 0x0f) * 4;
        Span<byte> ip = marked.AsSpan(EthernetLength, ipLength);
        ip[6] |= 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], HeaderChecksum(ip));
        return marked;
    }

    /// <summary>RFC 1071: the complement of the one's-complement sum of the 16-bit big-endian words.</summary>
    private static ushort HeaderChecksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < header.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        while (sum >> 16 != 0)
            sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }
}
