using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Electrode.Programs.Layout;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;

namespace Electrode.Vr.FastPath.ProgramMaps;

/// <summary>Reads the records of the programs' ring buffer of prepared datagrams (<see cref="PreparedDatagram"/>).</summary>
public static class PreparedRecords
{
    private static readonly int DatagramOffset = (int)Marshal.OffsetOf<PreparedDatagram>(nameof(PreparedDatagram.Datagram));

    /// <summary>The Prepare a record holds, or null when its length is out of range or its datagram is not a Prepare.</summary>
    public static PrepareMessage? Decode(ReadOnlySpan<byte> record)
    {
        if (record.Length < DatagramOffset)
            return null;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(record);
        if (length == 0 || length > DatagramBytes.Capacity || DatagramOffset + length > record.Length)
            return null;
        return MessageDecoder.TryDecode(record.Slice(DatagramOffset, (int)length)).Message as PrepareMessage;
    }
}
