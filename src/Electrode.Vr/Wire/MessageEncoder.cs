using System.Buffers;
using System.Buffers.Binary;
using Electrode.Programs.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Wire;

/// <summary>
/// Writes a message in the Electrode datagram framing: u32 magic, u64 type-name length, type name,
/// 12-byte fast header, u64 body length, protobuf body; all little-endian. Writes into caller buffers.
/// </summary>
public static class MessageEncoder
{
    /// <summary>Exact number of bytes <see cref="Encode(IMessage, Span{byte}, uint)"/> writes for <paramref name="message"/>.</summary>
    public static int GetEncodedLength(IMessage message) => GetEncodedLength(message, message.CalculateSize());

    /// <summary>Datagram length of <paramref name="message"/> whose body was already sized at <paramref name="bodyLength"/>.</summary>
    internal static int GetEncodedLength(IMessage message, int bodyLength) =>
        (int)WireConstants.FramingOverhead + MessageTypeRegistry.NameBytesOf(message).Length + bodyLength;

    /// <summary>
    /// Encodes <paramref name="message"/> into <paramref name="destination"/>, or-ing <paramref name="flags"/>
    /// (see <see cref="Programs.Wire.FastHeader"/>) into word 0 of the fast header.
    /// </summary>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException">The destination is too small or the type is not a VR message.</exception>
    public static int Encode(IMessage message, Span<byte> destination, uint flags = 0) =>
        Encode(message, message.CalculateSize(), destination, flags);

    /// <summary>
    /// <see cref="Encode(IMessage, Span{byte}, uint)"/> for a caller that has already sized the body: protobuf sizes a
    /// message by walking it, so the hot path walks it once to size and once to write.
    /// </summary>
    internal static int Encode(IMessage message, int bodyLength, Span<byte> destination, uint flags)
    {
        var name = MessageTypeRegistry.NameBytesOf(message);
        int total = (int)WireConstants.FramingOverhead + name.Length + bodyLength;
        if (destination.Length < total)
            throw new ArgumentException(
                $"{message.Descriptor.FullName} needs {total} bytes, the destination has {destination.Length}", nameof(destination));

        var header = FastHeaders.For(message, flags);
        int offset = WriteFramingUpToBody(destination, name, header, bodyLength);
        message.WriteTo(destination.Slice(offset, bodyLength));
        return total;
    }

    /// <summary>Encodes <paramref name="message"/> into <paramref name="writer"/>.</summary>
    /// <returns>Bytes written.</returns>
    public static int Encode(IMessage message, IBufferWriter<byte> writer, uint flags = 0)
    {
        int total = GetEncodedLength(message);
        int written = Encode(message, writer.GetSpan(total), flags);
        writer.Advance(written);
        return written;
    }

    /// <summary>Encodes <paramref name="message"/> into a new array (tests and the simulated network).</summary>
    public static byte[] EncodeToArray(IMessage message, uint flags = 0)
    {
        var buffer = new byte[GetEncodedLength(message)];
        Encode(message, buffer, flags);
        return buffer;
    }

    /// <summary>Writes magic, type name, fast header and body length; returns the offset of the body.</summary>
    internal static int WriteFramingUpToBody(Span<byte> destination, ReadOnlySpan<byte> name, FastHeader header, int bodyLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, WireConstants.Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[4..], (ulong)name.Length);
        name.CopyTo(destination[DatagramLayout.PrefixSize..]);
        int offset = DatagramLayout.PrefixSize + name.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], header.ViewAndFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(offset + 4)..], header.Op);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(offset + 8)..], header.StartOrReplica);
        offset += DatagramLayout.FastHeaderSize;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[offset..], (ulong)bodyLength);
        return offset + 8;
    }
}
