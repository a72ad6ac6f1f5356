using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Messages;
using Electrode.Vr.Tests.Replica;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.FastPath.ProgramMaps;

public class PreparedRecordsTests
{
    private static readonly int DatagramOffset = (int)Marshal.OffsetOf<PreparedDatagram>(nameof(PreparedDatagram.Datagram));

    private static unsafe byte[] Record(byte[] datagram, uint? length = null)
    {
        var record = new byte[sizeof(PreparedDatagram)];
        BinaryPrimitives.WriteUInt32LittleEndian(record, length ?? (uint)datagram.Length);
        datagram.CopyTo(record, DatagramOffset);
        return record;
    }

    [Fact]
    public void ARecordYieldsThePrepareItsDatagramCarries()
    {
        var prepare = ReplicaTestBed.Prepare(2, 5, "a", "b");

        Assert.Equal(prepare, PreparedRecords.Decode(Record(MessageEncoder.EncodeToArray(prepare))));
    }

    [Fact]
    public void ARecordOfAnotherMessageYieldsNothing()
    {
        var commit = new CommitMessage { View = 2, Opnum = 5 };

        Assert.Null(PreparedRecords.Decode(Record(MessageEncoder.EncodeToArray(commit))));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(DatagramBytes.Capacity + 1)]
    public void ALengthOutOfRangeYieldsNothing(uint length)
    {
        var datagram = MessageEncoder.EncodeToArray(ReplicaTestBed.Prepare(0, 1, "a"));

        Assert.Null(PreparedRecords.Decode(Record(datagram, length)));
    }

    [Fact]
    public void ARecordShorterThanItsHeaderYieldsNothing()
    {
        Assert.Null(PreparedRecords.Decode(new byte[DatagramOffset - 1]));
    }
}
