using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.Messages;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.Replica;

public class FastPathInteractionTests
{
    [Fact]
    public void NewReplica_PublishesItsNormalStateAtOnce()
    {
        var bed = new ReplicaTestBed(index: 2);

        Assert.Equal(new ReplicaState(ReplicaStatus.Normal, 0, 0, 0, 2, 3, 2), bed.FastPath.Published.Last());
    }

    [Fact]
    public void EveryLastOpAndCommitChange_IsPublished()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a"));
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 2, "b"));
        bed.FromReplica(0, new CommitMessage { View = 0, Opnum = 2 });

        Assert.Contains(bed.FastPath.Published, s => s.LastOp == 1);
        Assert.Equal((2ul, 2ul), (bed.FastPath.Published.Last().LastOp, bed.FastPath.Published.Last().LastCommitted));
    }

    [Fact]
    public void ViewChange_IsPublishedBeforeTheStartViewChangeGoesOut()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.Network.RunFor(TimeSpan.FromSeconds(5.1));

        var published = bed.Events.IndexOf("publish ViewChange view 1 op 0");
        var sent = bed.Events.IndexOf("send StartViewChangeMessage");
        Assert.True(published >= 0 && published < sent, string.Join(" | ", bed.Events));
    }

    [Fact]
    public void PrepareAcknowledgedWhileLeavingNormal_IsInTheDoViewChange()
    {
        var bed = new ReplicaTestBed(index: 2, capabilities: FastPaths.FastReply);
        bed.FastPath.AcknowledgedWhileLeavingNormal = ReplicaTestBed.Prepare(0, 1, "a");

        bed.Network.RunFor(TimeSpan.FromSeconds(5.1));
        bed.FromReplica(0, new StartViewChangeMessage { View = 1, ReplicaIdx = 0, LastCommitted = 0 });

        var doViewChange = Assert.Single(bed.ReceivedBy<DoViewChangeMessage>(1));
        Assert.Equal(1ul, doViewChange.LastOp);
        Assert.Equal(1ul, Assert.Single(doViewChange.Entries).Opnum);
        var refused = bed.Events.IndexOf("refused ViewChange view 0 op 0");
        var sealedWithOp = bed.Events.IndexOf("publish ViewChange view 0 op 1");
        var changing = bed.Events.IndexOf("publish ViewChange view 1 op 1");
        Assert.True(refused >= 0 && refused < sealedWithOp && sealedWithOp < changing, string.Join(" | ", bed.Events));
        Assert.Equal(1, bed.Replica.Counters.PublicationsRetried);
    }

    [Fact]
    public void PrepareAcknowledgedWhileRequestingAStateTransfer_IsInTheLog()
    {
        var bed = new ReplicaTestBed(index: 1, capabilities: FastPaths.FastReply);
        bed.FastPath.AcknowledgedWhileLeavingNormal = ReplicaTestBed.Prepare(0, 1, "a");

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 3, "c"));

        Assert.Equal(1ul, bed.Replica.LastOp);
        Assert.Equal("a", bed.Replica.FindEntry(1)!.Request.Op.ToStringUtf8());
        Assert.Equal(0, bed.Replica.Counters.HandedOverOutOfOrder);
    }

    [Fact]
    public void StateTransfer_IsPublishedBeforeTheRequestGoesOut()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 3, "c"));

        var published = bed.Events.IndexOf("publish StateTransfer view 0 op 0");
        var sent = bed.Events.IndexOf("send RequestStateTransferMessage");
        Assert.True(published >= 0 && published < sent, string.Join(" | ", bed.Events));
    }

    [Fact]
    public void Recovery_IsPublishedBeforeTheRecoveryMessageGoesOut()
    {
        var bed = new ReplicaTestBed(index: 1, recovering: true);

        var published = bed.Events.FindIndex(e => e.StartsWith("publish Recovering"));
        var sent = bed.Events.IndexOf("send RecoveryMessage");
        Assert.True(published >= 0 && published < sent, string.Join(" | ", bed.Events));
    }

    [Fact]
    public void HandedOverPrepare_IsAppendedWithoutASecondPrepareOk()
    {
        var bed = new ReplicaTestBed(index: 1, capabilities: FastPaths.FastReply);
        bed.FastPath.HandedOver.Enqueue(ReplicaTestBed.Prepare(0, 1, "a"));

        bed.FromReplica(0, new CommitMessage { View = 0, Opnum = 1 });

        Assert.Equal(["a"], bed.App.Ops);
        Assert.Empty(bed.ReceivedBy<PrepareOKMessage>(0));
        Assert.Equal(0, bed.Replica.Counters.HandedOverOutOfOrder);
    }

    [Fact]
    public void HandedOverPrepare_IsAppendedBeforeTheMessageThatFollowsIt()
    {
        var bed = new ReplicaTestBed(index: 1, capabilities: FastPaths.FastReply);
        bed.FastPath.HandedOver.Enqueue(ReplicaTestBed.Prepare(0, 1, "a"));

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 2, "b"));

        Assert.Equal(2ul, bed.Replica.LastOp);
        Assert.Equal(2ul, Assert.Single(bed.ReceivedBy<PrepareOKMessage>(0)).Opnum);
    }

    [Fact]
    public void HandedOverPrepareThatDoesNotFollowTheLog_IsCounted()
    {
        var bed = new ReplicaTestBed(index: 1, capabilities: FastPaths.FastReply);
        bed.FastPath.HandedOver.Enqueue(ReplicaTestBed.Prepare(0, 5, "e"));

        bed.Replica.PollFastPath();

        Assert.Equal(1, bed.Replica.Counters.HandedOverOutOfOrder);
        Assert.Equal(0ul, bed.Replica.LastOp);
    }
}
