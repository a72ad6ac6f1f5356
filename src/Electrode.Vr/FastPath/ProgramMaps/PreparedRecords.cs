using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Electrode.Programs.Layout;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;

namespace Electrode.Vr.FastPath.ProgramMaps;

/// <summary>Reads the records of the programs' ring buffer of prepared datagrams (<see cref="PreparedDatagram"/>).</summary>
public static class PreparedRecords
{
    private static readonly int DatagramOffset = (int)Marshal.OffsetOf<PreparedDatagram>(nameof(PreparedDatagram.Datagram));

    /// <summary>The Prepare a record holds, or null when its length is out of range or its datagram is not a Prepare.</summary>
    public static PrepareMessage? Decode(ReadOnlySpan<byte> record) =>
        Datagram(record) is { IsEmpty: false } datagram ? MessageDecoder.TryDecode(datagram).Message as PrepareMessage : null;

    /// <summary>
    /// The fast header of the datagram a record holds, read without decoding the body (what the program checked before
    /// it handed the Prepare over); false when the record is too short to hold one.
    /// </summary>
    public static bool TryReadFastHeader(ReadOnlySpan<byte> record, out FastHeader header)
    {
        header = default;
        var datagram = Datagram(record);
        if (datagram.Length < DatagramLayout.PrefixSize)
            return false;
        ulong nameLength = BinaryPrimitives.ReadUInt64LittleEndian(datagram[4..]);
        if (nameLength > DatagramLayout.MaxTypeNameLength
            || datagram.Length < DatagramLayout.PrefixSize + (int)nameLength + DatagramLayout.FastHeaderSize)
            return false;
        var bytes = datagram.Slice(DatagramLayout.PrefixSize + (int)nameLength, DatagramLayout.FastHeaderSize);
        header = FastHeaders.Of(
            BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
        return true;
    }

    private static ReadOnlySpan<byte> Datagram(ReadOnlySpan<byte> record)
    {
        if (record.Length < DatagramOffset)
            return default;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(record);
        if (length == 0 || length > DatagramBytes.Capacity || DatagramOffset + length > record.Length)
            return default;
        return record.Slice(DatagramOffset, (int)length);
    }
}
