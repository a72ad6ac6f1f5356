using Electrode.Vr.Messages;
using Electrode.Vr.Replica;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Replica;

public class MalformedMessageTests
{
    public static TheoryData<int, IMessage> MalformedMessages() => new()
    {
        { 1, new PrepareMessage { View = 0, Batchstart = 1, Opnum = 3 } },
        { 1, new PrepareMessage { View = 0, Batchstart = 0, Opnum = 0 } },
        { 1, new PrepareMessage { View = 0, Batchstart = 2, Opnum = 1 } },
        { 0, new PrepareOKMessage { View = 0, Opnum = 1, ReplicaIdx = 9 } },
        { 0, new PrepareOKMessage { View = 0, Opnum = 1, ReplicaIdx = 0 } },
        { 0, new RequestMessage() },
        { 0, new StartViewChangeMessage { View = 1, ReplicaIdx = 3 } },
        { 1, new DoViewChangeMessage { View = 1, LastNormalView = 1, ReplicaIdx = 2 } },
        { 1, new DoViewChangeMessage { View = 1, LastNormalView = 0, LastOp = 1, LastCommitted = 2, ReplicaIdx = 2 } },
        { 2, new StartViewMessage { View = 1, LastOp = 0, LastCommitted = 1 } },
        { 2, new StartViewMessage { View = 1, LastOp = 1, LastCommitted = 0, Entries = { new StartViewMessage.Types.LogEntry { View = 0, Opnum = 3, Request = new Request() } } } },
        { 1, new StateTransferMessage { View = 0, Opnum = 0, Entries = { new StateTransferMessage.Types.LogEntry { View = 0, Opnum = 1 } } } },
        { 1, new StateTransferMessage { View = 0, Opnum = 0, Entries = {
            new StateTransferMessage.Types.LogEntry { View = 0, Opnum = 1, Request = new Request() },
            new StateTransferMessage.Types.LogEntry { View = 0, Opnum = 3, Request = new Request() } } } },
        { 1, new RecoveryMessage { ReplicaIdx = 1, Nonce = 5 } },
    };

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public void MalformedMessage_IsCountedAndChangesNothing(int replicaIndex, IMessage message)
    {
        var bed = new ReplicaTestBed(index: replicaIndex);
        var before = (bed.Replica.Status, bed.Replica.View, bed.Replica.LastOp);

        bed.Replica.Receive(bed.AddressOf((replicaIndex + 1) % 3), message, default);
        bed.Settle();

        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.Malformed));
        Assert.Equal(before, (bed.Replica.Status, bed.Replica.View, bed.Replica.LastOp));
    }

    [Fact]
    public void PrepareOkFromAnAddressThatIsNotTheClaimedReplica_DoesNotCount()
    {
        var bed = new ReplicaTestBed(index: 0);
        bed.FromClient(ReplicaTestBed.Request("a"));

        bed.Replica.Receive(bed.ClientAddress, ReplicaTestBed.PrepareOk(0, 1, 1), default);

        Assert.Equal(0ul, bed.Replica.LastCommitted);
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.Malformed));
    }

    [Fact]
    public void PrepareOkForAnOpNeverPrepared_DoesNotCommit()
    {
        var bed = new ReplicaTestBed(index: 0);

        bed.FromReplica(1, ReplicaTestBed.PrepareOk(0, 4, 1));

        Assert.Equal(0ul, bed.Replica.LastCommitted);
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.Malformed));
    }

    [Fact]
    public void MessageTypeAReplicaDoesNotHandle_IsCountedAsUnexpected()
    {
        var bed = new ReplicaTestBed(index: 0);

        bed.FromReplica(1, new ReplyMessage { View = 0, Opnum = 1, Clientreqid = 1 });

        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.UnexpectedType));
    }

    [Fact]
    public void LeaderGivenAPrepareOfItsOwnView_IgnoresIt()
    {
        var bed = new ReplicaTestBed(index: 0);

        bed.FromReplica(1, ReplicaTestBed.Prepare(0, 1, "a"));

        Assert.Equal(0ul, bed.Replica.LastOp);
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.NotApplicable));
    }
}
