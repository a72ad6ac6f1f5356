using System.Buffers.Binary;
using Electrode.Programs.Wire;

namespace Electrode.Vr.Wire;

/// <summary>
/// The PrepareOK form a kernel fast path builds by rewriting a Prepare: type name
/// <c>specpaxos.vr.MyPrepareOK</c> and a raw 20-byte body (u64 view, u64 op, u32 replica index),
/// framed like any other datagram.
/// </summary>
public static class KernelPrepareOk
{
    /// <summary>The type name the kernel writes.</summary>
    public const string TypeName = "specpaxos.vr.MyPrepareOK";

    /// <summary>Length of the raw body.</summary>
    public const int BodyLength = (int)Electrode.Programs.Wire.WireConstants.MyPrepareOkBodyLength;

    /// <summary><see cref="TypeName"/> as ASCII bytes.</summary>
    public static ReadOnlySpan<byte> TypeNameBytes => "specpaxos.vr.MyPrepareOK"u8;

    /// <summary>Total datagram length of the kernel-built form.</summary>
    public static int EncodedLength => (int)WireConstants.FramingOverhead + TypeNameBytes.Length + BodyLength;

    /// <summary>
    /// Writes the kernel-built form, as a fast path (or a test standing in for one) produces it.
    /// The fast header carries (view, op, replica index) like a protobuf PrepareOK's.
    /// </summary>
    /// <returns>Bytes written.</returns>
    public static int Encode(ulong view, ulong opnum, uint replicaIdx, Span<byte> destination, uint flags = 0)
    {
        if (destination.Length < EncodedLength)
            throw new ArgumentException($"a kernel PrepareOK needs {EncodedLength} bytes, the destination has {destination.Length}", nameof(destination));
        var header = FastHeaders.Of(FastHeaders.ViewWord(view) | flags, (uint)opnum, replicaIdx);
        int offset = MessageEncoder.WriteFramingUpToBody(destination, TypeNameBytes, header, BodyLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[offset..], view);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[(offset + 8)..], opnum);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(offset + 16)..], replicaIdx);
        return EncodedLength;
    }

    /// <summary>Writes the kernel-built form into a new array.</summary>
    public static byte[] EncodeToArray(ulong view, ulong opnum, uint replicaIdx, uint flags = 0)
    {
        var buffer = new byte[EncodedLength];
        Encode(view, opnum, replicaIdx, buffer, flags);
        return buffer;
    }

    internal static bool IsTypeName(ReadOnlySpan<byte> name) => name.SequenceEqual(TypeNameBytes);
}
