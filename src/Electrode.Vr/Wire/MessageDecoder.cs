using System.Buffers.Binary;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Transport;
using Google.Protobuf;

namespace Electrode.Vr.Wire;

/// <summary>
/// Reads one whole datagram in the Electrode framing. Never throws on any input: every malformation is a
/// <see cref="DecodeResult"/> with an error. Accepts both PrepareOK forms (protobuf and kernel-built).
/// </summary>
public static class MessageDecoder
{
    /// <summary>Decodes <paramref name="datagram"/>, which must be exactly one whole message.</summary>
    public static DecodeResult TryDecode(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 4)
            return DecodeResult.Failure(DecodeError.Truncated, $"{datagram.Length} bytes cannot hold the magic");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(datagram);
        if (magic == WireConstants.FragmentMagic)
            return DecodeResult.Failure(DecodeError.IsFragment, "a fragment must go through reassembly");
        if (magic != WireConstants.Magic)
            return DecodeResult.Failure(DecodeError.BadMagic, $"magic 0x{magic:x8}");
        if (datagram.Length < DatagramLayout.PrefixSize)
            return DecodeResult.Failure(DecodeError.Truncated, "datagram ends inside the type-name length");

        ulong nameLength = BinaryPrimitives.ReadUInt64LittleEndian(datagram[4..]);
        if (nameLength is 0 or > DatagramLayout.MaxTypeNameLength)
            return DecodeResult.Failure(DecodeError.BadTypeNameLength, $"type-name length {nameLength}");
        int bodyLengthAt = DatagramLayout.PrefixSize + (int)nameLength + DatagramLayout.FastHeaderSize;
        if (datagram.Length < bodyLengthAt + 8)
            return DecodeResult.Failure(DecodeError.Truncated, "datagram ends before the body length");

        var name = datagram.Slice(DatagramLayout.PrefixSize, (int)nameLength);
        var headerBytes = datagram.Slice(DatagramLayout.PrefixSize + (int)nameLength, DatagramLayout.FastHeaderSize);
        var header = FastHeaders.Of(
            BinaryPrimitives.ReadUInt32LittleEndian(headerBytes),
            BinaryPrimitives.ReadUInt32LittleEndian(headerBytes[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(headerBytes[8..]));
        ulong bodyLength = BinaryPrimitives.ReadUInt64LittleEndian(datagram[bodyLengthAt..]);
        var rest = datagram[(bodyLengthAt + 8)..];
        if (bodyLength != (ulong)rest.Length)
            return DecodeResult.Failure(DecodeError.BadBodyLength,
                $"body length field {bodyLength}, {rest.Length} bytes follow it");

        if (KernelPrepareOk.IsTypeName(name))
            return DecodeKernelPrepareOk(rest, header);
        if (!MessageTypeRegistry.TryFind(name, out var descriptor))
            return DecodeResult.Failure(DecodeError.UnknownType, $"type name of {nameLength} bytes is not a VR message");
        return DecodeProtobuf(descriptor.Parser, rest, header);
    }

    /// <summary>
    /// The type name of a whole datagram without decoding its body (<see cref="KernelPrepareOk.TypeName"/> for the
    /// kernel-built form), or null when the datagram is a fragment, malformed or of an unknown type.
    /// </summary>
    public static string? PeekTypeName(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < DatagramLayout.PrefixSize || BinaryPrimitives.ReadUInt32LittleEndian(datagram) != WireConstants.Magic)
            return null;
        ulong nameLength = BinaryPrimitives.ReadUInt64LittleEndian(datagram[4..]);
        if (nameLength is 0 or > DatagramLayout.MaxTypeNameLength || datagram.Length < DatagramLayout.PrefixSize + (int)nameLength)
            return null;
        var name = datagram.Slice(DatagramLayout.PrefixSize, (int)nameLength);
        if (KernelPrepareOk.IsTypeName(name))
            return KernelPrepareOk.TypeName;
        return MessageTypeRegistry.TryFind(name, out var descriptor) ? descriptor.FullName : null;
    }

    private static DecodeResult DecodeKernelPrepareOk(ReadOnlySpan<byte> body, FastHeader header)
    {
        if (body.Length != KernelPrepareOk.BodyLength)
            return DecodeResult.Failure(DecodeError.BadBodyLength,
                $"a kernel PrepareOK body has {KernelPrepareOk.BodyLength} bytes, not {body.Length}");
        var message = new PrepareOKMessage
        {
            View = BinaryPrimitives.ReadUInt64LittleEndian(body),
            Opnum = BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            ReplicaIdx = BinaryPrimitives.ReadUInt32LittleEndian(body[16..]),
        };
        return DecodeResult.Success(message, header, new ReceiveInfo(header.IsCertified && header.Describes(message), KernelBuilt: true));
    }

    private static DecodeResult DecodeProtobuf(MessageParser parser, ReadOnlySpan<byte> body, FastHeader header)
    {
        IMessage message;
        try
        {
            message = parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            return DecodeResult.Failure(DecodeError.MalformedBody, e.Message);
        }
        if (!RequiredFieldCheck.IsComplete(message))
            return DecodeResult.Failure(DecodeError.MissingRequiredFields, $"{message.Descriptor.FullName} lacks a required field");
        bool certified = message is PrepareOKMessage ok && header.IsCertified && header.Describes(ok);
        return DecodeResult.Success(message, header, new ReceiveInfo(certified, KernelBuilt: false));
    }
}
