using Electrode.Vr.Messages;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.Replica;

public class FollowerNormalOperationTests
{
    [Fact]
    public void Prepare_IsAppendedAndAcknowledgedToTheLeader()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b"));

        Assert.Equal(2ul, bed.Replica.LastOp);
        var ok = Assert.Single(bed.ReceivedBy<PrepareOKMessage>(0));
        Assert.Equal((0ul, 2ul, 1u), (ok.View, ok.Opnum, ok.ReplicaIdx));
        Assert.Empty(bed.App.Ops);
    }

    [Fact]
    public void Commit_ExecutesThePreparedOpsInOrderWithoutReplying()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b"));

        bed.FromReplica(0, new CommitMessage { View = 0, Opnum = 2 });

        Assert.Equal(["a", "b"], bed.App.Ops);
        Assert.Empty(bed.Client.Messages);
    }

    [Fact]
    public void RepeatedPrepare_IsAcknowledgedAgainButNotAppendedTwice()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a"));

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a"));

        Assert.Equal(1ul, bed.Replica.LastOp);
        Assert.Equal(2, bed.ReceivedBy<PrepareOKMessage>(0).Count());
    }

    [Fact]
    public void PrepareAfterAGap_IsKeptAndAppliedWhenTheGapFills()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 2, "b"));
        Assert.Equal(0ul, bed.Replica.LastOp);
        Assert.Equal(ReplicaStatus.StateTransfer, bed.Replica.Status);

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a"));

        Assert.Equal(2ul, bed.Replica.LastOp);
        Assert.Equal("b", bed.Replica.FindEntry(2)!.Request.Op.ToStringUtf8());
        Assert.Equal(2ul, bed.ReceivedBy<PrepareOKMessage>(0).Last().Opnum);
    }

    [Fact]
    public void PrepareOfAnOlderView_IsIgnoredAsStale()
    {
        var bed = new ReplicaTestBed(index: 2);
        bed.FromReplica(1, new StartViewMessage { View = 1, LastOp = 0, LastCommitted = 0 });

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a"));

        Assert.Equal(0ul, bed.Replica.LastOp);
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.StaleView));
    }

    [Fact]
    public void RequestToAFollower_IsNotLogged()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.FromClient(ReplicaTestBed.Request("a"));

        Assert.Equal(0ul, bed.Replica.LastOp);
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.NotApplicable));
    }

    [Fact]
    public void SilentLeader_StartsAViewChangeAfterFiveSeconds()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.Network.RunFor(TimeSpan.FromSeconds(4.9));
        Assert.Equal(ReplicaStatus.Normal, bed.Replica.Status);
        bed.Network.RunFor(TimeSpan.FromSeconds(0.2));

        Assert.Equal(ReplicaStatus.ViewChange, bed.Replica.Status);
        Assert.Equal(1ul, bed.Replica.View);
        Assert.Equal(1ul, Assert.Single(bed.ReceivedBy<StartViewChangeMessage>(2)).View);
    }
}
