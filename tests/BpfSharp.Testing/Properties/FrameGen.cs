using System.Buffers.Binary;
using CsCheck;

namespace BpfSharp.Testing.Properties;

/// <summary>
/// Generators of frames for differential properties: random bytes, well-formed Ethernet/IPv4/UDP and IPv6/UDP frames,
/// and mutations of any frame (bit flips, truncation, extension, wrong length fields, overwritten bytes).
/// </summary>
public static class FrameGen
{
    /// <summary>Byte values programs compare against (zero, one, sign bits, all ones) more often than chance gives them.</summary>
    public static readonly Gen<byte> Interesting = Gen.Frequency(
        (4, Gen.Byte), (1, Gen.Const((byte)0)), (1, Gen.Const((byte)1)), (1, Gen.Const((byte)0x7F)),
        (1, Gen.Const((byte)0x80)), (1, Gen.Const((byte)0xFF)));

    /// <summary>Random bytes, from empty to longer than any header the programs parse.</summary>
    public static readonly Gen<byte[]> RandomBytes = Interesting.Array[0, 160];

    /// <summary>An Ethernet + IPv4 + UDP frame: consistent lengths and a valid header checksum, mostly UDP, a small port range.</summary>
    public static readonly Gen<byte[]> Ipv4Udp = Gen.Select(
        Gen.Byte.Array[12], Gen.Byte, Gen.Frequency((6, Gen.Const((byte)17)), (1, Gen.Byte)), Gen.UShort[0, 16], Gen.UShort,
        Interesting.Array[0, 96], Gen.UInt, Gen.UInt,
        (macs, ttl, protocol, port, sourcePort, payload, source, destination) =>
        {
            byte[] frame = new byte[42 + payload.Length];
            macs.CopyTo(frame, 0);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
            frame[14] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)(28 + payload.Length));
            frame[22] = ttl;
            frame[23] = protocol;
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(26), source);
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(30), destination);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(24), Ipv4Checksum(frame.AsSpan(14, 20)));
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(34), sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(36), port);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(38), (ushort)(8 + payload.Length));
            payload.CopyTo(frame, 42);
            return frame;
        });

    /// <summary>An Ethernet + IPv6 + UDP frame with consistent lengths.</summary>
    public static readonly Gen<byte[]> Ipv6Udp = Gen.Select(Gen.Byte.Array[12 + 32], Gen.UShort[0, 16], Interesting.Array[0, 64],
        (addresses, port, payload) =>
        {
            byte[] frame = new byte[62 + payload.Length];
            addresses.AsSpan(0, 12).CopyTo(frame);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x86DD);
            frame[14] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(18), (ushort)(8 + payload.Length));
            frame[20] = 17;
            frame[21] = 64;
            addresses.AsSpan(12).CopyTo(frame.AsSpan(22));
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(56), port);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(58), (ushort)(8 + payload.Length));
            payload.CopyTo(frame, 62);
            return frame;
        });

    /// <summary>
    /// <paramref name="basis"/> as it is or mutated: one to four bits flipped, cut short, extended with random bytes, a
    /// 16- or 64-bit field (a length, in protocol frames) overwritten with an edge value, or bytes overwritten at random.
    /// </summary>
    public static Gen<byte[]> Mutated(Gen<byte[]> basis) => Gen.Frequency(
        (3, basis),
        (3, Gen.Select(basis, Gen.Int[1, 4], Gen.Int, (frame, flips, seed) => FlipBits(frame, flips, seed))),
        (2, Gen.Select(basis, Gen.Int, (frame, cut) => frame[..(int)((uint)cut % (uint)(frame.Length + 1))])),
        (2, Gen.Select(basis, Interesting.Array[1, 64], (frame, tail) => (byte[])[.. frame, .. tail])),
        (2, Gen.Select(basis, Gen.Int, Gen.Frequency((1, Gen.Const(0UL)), (1, Gen.Const(ulong.MaxValue)), (2, Gen.ULong[0, 4096]), (1, Gen.ULong)), Gen.Bool,
            (frame, at, value, wide) => Overwrite(frame, at, value, wide ? 8 : 2))),
        (1, Gen.Select(basis, Gen.Int, Interesting.Array[1, 8], (frame, at, bytes) => Overwrite(frame, at, bytes))));

    /// <summary>Every kind of frame: random bytes, and the protocol frames given (IPv4/UDP and IPv6/UDP when none), mutated.</summary>
    public static Gen<byte[]> Frames(params Gen<byte[]>[] protocolFrames)
    {
        Gen<byte[]> protocol = protocolFrames.Length == 0
            ? Gen.Frequency((3, Ipv4Udp), (1, Ipv6Udp))
            : Gen.OneOf(protocolFrames);
        return Gen.Frequency((1, RandomBytes), (4, Mutated(protocol)));
    }

    private static byte[] FlipBits(byte[] frame, int flips, int seed)
    {
        byte[] copy = (byte[])frame.Clone();
        if (copy.Length == 0)
            return copy;
        var random = new Random(seed);
        for (int i = 0; i < flips; i++)
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private static byte[] Overwrite(byte[] frame, int at, ulong value, int width)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        // Protocol headers hold 16-bit lengths in network order; the wire format's u64 lengths are little-endian.
        if (width == 2)
            BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return Overwrite(frame, at, bytes[..width].ToArray());
    }

    private static byte[] Overwrite(byte[] frame, int at, byte[] bytes)
    {
        byte[] copy = (byte[])frame.Clone();
        if (copy.Length < bytes.Length)
            return copy;
        int offset = (int)((uint)at % (uint)(copy.Length - bytes.Length + 1));
        bytes.CopyTo(copy, offset);
        return copy;
    }

    private static ushort Ipv4Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
