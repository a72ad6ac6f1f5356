using System.Buffers.Binary;
using Electrode.Programs.Wire;

namespace Electrode.Vr.Wire;

/// <summary>
/// Splits a whole datagram that exceeds <see cref="DatagramLayout.MaxUnfragmentedSize"/> into fragments laid out as
/// the reference UDPTransport does: u32 <see cref="WireConstants.FragmentMagic"/>, u64 message id, u64 offset,
/// u64 total length, then that slice of the datagram with its leading magic removed.
/// </summary>
public static class DatagramFragmenter
{
    /// <summary>True when <paramref name="datagramLength"/> bytes must be sent as fragments.</summary>
    public static bool NeedsFragmentation(int datagramLength) => datagramLength > DatagramLayout.MaxUnfragmentedSize;

    /// <summary>Number of fragments for a whole datagram of <paramref name="datagramLength"/> bytes.</summary>
    public static int FragmentCount(int datagramLength, int maxPayload = DatagramLayout.MaxUnfragmentedSize)
    {
        CheckArguments(datagramLength, maxPayload);
        return (datagramLength - 4 + maxPayload - 1) / maxPayload;
    }

    /// <summary>Largest fragment this splitter writes for <paramref name="maxPayload"/>.</summary>
    public static int MaxFragmentSize(int maxPayload = DatagramLayout.MaxUnfragmentedSize) => DatagramLayout.FragmentHeaderSize + maxPayload;

    /// <summary>
    /// Writes fragment <paramref name="index"/> of <paramref name="datagram"/> (a whole encoded datagram, magic included)
    /// into <paramref name="destination"/>.
    /// </summary>
    /// <returns>Bytes written.</returns>
    public static int WriteFragment(ReadOnlySpan<byte> datagram, ulong messageId, int index, Span<byte> destination,
        int maxPayload = DatagramLayout.MaxUnfragmentedSize)
    {
        int count = FragmentCount(datagram.Length, maxPayload);
        if ((uint)index >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(index), $"fragment {index} of a {count}-fragment message");
        var content = datagram[4..];
        int start = index * maxPayload;
        int length = Math.Min(maxPayload, content.Length - start);
        int total = DatagramLayout.FragmentHeaderSize + length;
        if (destination.Length < total)
            throw new ArgumentException($"fragment needs {total} bytes, the destination has {destination.Length}", nameof(destination));

        BinaryPrimitives.WriteUInt32LittleEndian(destination, WireConstants.FragmentMagic);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[4..], messageId);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[12..], (ulong)start);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[20..], (ulong)content.Length);
        content.Slice(start, length).CopyTo(destination[DatagramLayout.FragmentHeaderSize..]);
        return total;
    }

    /// <summary>Splits <paramref name="datagram"/> into new arrays, one per fragment, in order.</summary>
    public static List<byte[]> Split(ReadOnlySpan<byte> datagram, ulong messageId, int maxPayload = DatagramLayout.MaxUnfragmentedSize)
    {
        int count = FragmentCount(datagram.Length, maxPayload);
        var fragments = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            int length = Math.Min(maxPayload, datagram.Length - 4 - i * maxPayload);
            var fragment = new byte[DatagramLayout.FragmentHeaderSize + length];
            WriteFragment(datagram, messageId, i, fragment, maxPayload);
            fragments.Add(fragment);
        }
        return fragments;
    }

    private static void CheckArguments(int datagramLength, int maxPayload)
    {
        if (maxPayload < 1)
            throw new ArgumentOutOfRangeException(nameof(maxPayload), $"a fragment carries at least 1 byte, not {maxPayload}");
        if (datagramLength <= 4)
            throw new ArgumentOutOfRangeException(nameof(datagramLength), $"a datagram of {datagramLength} bytes has no content to fragment");
    }
}
