using System.Buffers.Binary;
using System.Runtime.InteropServices;
using BpfSharp.InProcess;
using Electrode.Programs.Layout;

namespace Electrode.Programs.Tests.Support;

/// <summary>Reads <see cref="PreparedDatagram"/> records as userspace reads them.</summary>
public static class PreparedRecords
{
    public static unsafe int RecordSize => sizeof(PreparedDatagram);

    /// <summary>The datagram a record carries.</summary>
    public static byte[] Datagram(RingRecord record) => Datagram(record.Bytes);

    public static byte[] Datagram(byte[] record)
    {
        Assert.Equal(RecordSize, record.Length);
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(record);
        int at = (int)Marshal.OffsetOf<PreparedDatagram>(nameof(PreparedDatagram.Datagram));
        return record.AsSpan(at, length).ToArray();
    }
}
