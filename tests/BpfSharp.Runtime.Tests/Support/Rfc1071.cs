using System.Buffers.Binary;

namespace BpfSharp.Runtime.Tests.Support;

/// <summary>The Internet checksum straight from RFC 1071 section 4.1: 16-bit big-endian words, end-around carry.</summary>
public static class Rfc1071
{
    /// <summary>The checksum of <paramref name="data"/>, as the big-endian value to write into a header.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length)
            sum += (uint)data[i] << 8;
        while (sum >> 16 != 0)
            sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }
}
