using System.Buffers.Binary;

namespace Electrode.Programs.Tests.Support;

/// <summary>Edits of built frames for the cases a codec never produces: fragments, options, other protocols.</summary>
public static class FrameEdits
{
    /// <summary>A copy of <paramref name="frame"/> marked as an IP fragment (more-fragments flag and/or an offset), checksum fixed.</summary>
    public static byte[] AsIpFragment(byte[] frame, bool moreFragments, ushort offsetIn8ByteUnits)
    {
        var copy = (byte[])frame.Clone();
        ushort flags = (ushort)((moreFragments ? 0x2000 : 0) | offsetIn8ByteUnits);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(20), flags);
        FixIpv4Checksum(copy);
        return copy;
    }

    /// <summary>A copy with byte <paramref name="offset"/> set to <paramref name="value"/> and the IPv4 checksum fixed.</summary>
    public static byte[] WithByte(byte[] frame, int offset, byte value)
    {
        var copy = (byte[])frame.Clone();
        copy[offset] = value;
        FixIpv4Checksum(copy);
        return copy;
    }

    /// <summary>A copy with the fast header's word 0 (at <paramref name="fastOffset"/>) or-ed with <paramref name="bits"/>.</summary>
    public static byte[] WithFastBits(byte[] frame, int fastOffset, uint bits)
    {
        var copy = (byte[])frame.Clone();
        uint word = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(fastOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(fastOffset), word | bits);
        return copy;
    }

    /// <summary>A copy with a non-zero UDP checksum field (the value is not checked by the programs, only its presence).</summary>
    public static byte[] WithUdpChecksum(byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        copy[40] = 0x12;
        copy[41] = 0x34;
        return copy;
    }

    /// <summary>A copy whose IPv4 header checksum is wrong.</summary>
    public static byte[] WithWrongIpv4Checksum(byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        copy[25] ^= 0x01;
        return copy;
    }

    /// <summary>A copy with <paramref name="extra"/> bytes of trailer after the IPv4 datagram, as a padding NIC leaves them.</summary>
    public static byte[] WithTrailer(byte[] frame, int extra) => [.. frame, .. new byte[extra]];

    private static void FixIpv4Checksum(byte[] frame)
    {
        frame[24] = 0;
        frame[25] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(24), IndependentChecksum.ExpectedIpv4Checksum(frame));
    }
}
