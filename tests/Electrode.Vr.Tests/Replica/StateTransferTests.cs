using Electrode.Vr.Messages;
using Electrode.Vr.Replica;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Replica;

public class StateTransferTests
{
    [Fact]
    public void CommitBeyondTheLog_CommitsWhatIsThereAndRequestsTheRest()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a"));

        bed.FromReplica(0, new CommitMessage { View = 0, Opnum = 3 });

        Assert.Equal(["a"], bed.App.Ops);
        var request = Assert.Single(bed.ReceivedBy<RequestStateTransferMessage>(0));
        Assert.Equal((0ul, 1ul), (request.View, request.Opnum));
    }

    [Fact]
    public void RequestStateTransfer_IsAnsweredWithTheLogAfterTheRequestersCommitPoint()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b", "c"));
        bed.FromReplica(0, new CommitMessage { View = 0, Opnum = 2 });

        bed.FromReplica(2, new RequestStateTransferMessage { View = 0, Opnum = 1 });

        var reply = Assert.Single(bed.ReceivedBy<StateTransferMessage>(2));
        Assert.Equal((0ul, 2ul), (reply.View, reply.Opnum));
        Assert.Equal([2ul, 3ul], reply.Entries.Select(e => e.Opnum));
    }

    [Fact]
    public void StateTransferOfTheSameView_AppendsTheMissingTailAndCommits()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 3, "c"));

        bed.FromReplica(2, Transfer(0, 2, "a", "b"));

        Assert.Equal(3ul, bed.Replica.LastOp);
        Assert.Equal(["a", "b"], bed.App.Ops);
        Assert.Equal(ReplicaStatus.Normal, bed.Replica.Status);
        Assert.Equal(3ul, bed.ReceivedBy<PrepareOKMessage>(0).Last().Opnum);
    }

    [Fact]
    public void StateTransferOfANewerView_ReplacesTheUncommittedLogAndEntersThatView()
    {
        var bed = new ReplicaTestBed(index: 2);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "stale"));

        bed.FromReplica(1, Transfer(1, 1, "fresh", "next"));

        Assert.Equal((ReplicaStatus.Normal, 1ul, 2ul), (bed.Replica.Status, bed.Replica.View, bed.Replica.LastOp));
        Assert.Equal(["fresh"], bed.App.Ops);
        Assert.Equal((1ul, 2ul), (bed.ReceivedBy<PrepareOKMessage>(1).Last().View, bed.ReceivedBy<PrepareOKMessage>(1).Last().Opnum));
    }

    [Fact]
    public void LongTransfer_IsCutToTheConfiguredNumberOfEntries()
    {
        var bed = new ReplicaTestBed(index: 1, configure: o => o with { MaxStateTransferEntries = 2 });
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b", "c", "d"));

        bed.FromReplica(2, new RequestStateTransferMessage { View = 0, Opnum = 0 });

        Assert.Equal([1ul, 2ul], Assert.Single(bed.ReceivedBy<StateTransferMessage>(2)).Entries.Select(e => e.Opnum));
    }

    [Fact]
    public void TransferCutShort_IsInstalledAndTheRestRequested()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, new CommitMessage { View = 0, Opnum = 4 });

        bed.FromReplica(2, Transfer(0, 4, "a", "b"));

        Assert.Equal(["a", "b"], bed.App.Ops);
        Assert.Equal([0ul, 2ul], bed.ReceivedBy<RequestStateTransferMessage>(2).Select(r => r.Opnum));
        Assert.Equal(ReplicaStatus.StateTransfer, bed.Replica.Status);
    }

    [Fact]
    public void ReplyToAnEarlierRequest_IsInstalledButNeitherEndsTheWaitNorAsksAgain()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, new CommitMessage { View = 0, Opnum = 6 });
        bed.FromReplica(2, Transfer(0, 6, "a", "b"));

        bed.FromReplica(0, Transfer(0, 6, "a", "b", "c"));

        Assert.Equal(3ul, bed.Replica.LastCommitted);
        Assert.Equal([0ul, 2ul], bed.ReceivedBy<RequestStateTransferMessage>(2).Select(r => r.Opnum));
        Assert.Equal(ReplicaStatus.StateTransfer, bed.Replica.Status);
    }

    [Fact]
    public void UnansweredStateTransferRequest_IsSentAgain()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 3, "c"));

        bed.Network.RunFor(TimeSpan.FromSeconds(2.5));

        Assert.Equal(3, bed.ReceivedBy<RequestStateTransferMessage>(2).Count());
        Assert.Equal(1, bed.Replica.Counters.StateTransfersRequested);
    }

    private static StateTransferMessage Transfer(ulong view, ulong committed, params string[] ops)
    {
        var message = new StateTransferMessage { View = view, Opnum = committed };
        for (var i = 0; i < ops.Length; i++)
            message.Entries.Add(new StateTransferMessage.Types.LogEntry
            {
                View = view, Opnum = (ulong)i + 1,
                Request = new Request { Op = ByteString.CopyFromUtf8(ops[i]), Clientid = 7, Clientreqid = (ulong)i + 1 },
            });
        return message;
    }
}
