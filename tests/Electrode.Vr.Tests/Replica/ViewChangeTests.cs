using Electrode.Vr.Messages;
using Electrode.Vr.Replica;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Replica;

public class ViewChangeTests
{
    [Fact]
    public void StartViewChangeOfANewerView_IsJoined()
    {
        var bed = new ReplicaTestBed(index: 2);

        bed.FromReplica(1, new StartViewChangeMessage { View = 1, ReplicaIdx = 1, LastCommitted = 0 });

        Assert.Equal((ReplicaStatus.ViewChange, 1ul), (bed.Replica.Status, bed.Replica.View));
        Assert.Single(bed.ReceivedBy<StartViewChangeMessage>(0));
    }

    [Fact]
    public void QuorumOfStartViewChanges_SendsTheLogToTheNewLeader()
    {
        var bed = new ReplicaTestBed(index: 2);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b"));

        bed.FromReplica(0, new StartViewChangeMessage { View = 1, ReplicaIdx = 0, LastCommitted = 0 });

        var dvc = Assert.Single(bed.ReceivedBy<DoViewChangeMessage>(1));
        Assert.Equal((1ul, 0ul, 2ul, 2u), (dvc.View, dvc.LastNormalView, dvc.LastOp, dvc.ReplicaIdx));
        Assert.Equal([1ul, 2ul], dvc.Entries.Select(e => e.Opnum));
    }

    [Fact]
    public void NewLeader_WithAQuorumOfDoViewChanges_InstallsTheLongestLogOfTheLatestView()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a"));
        var dvc = new DoViewChangeMessage { View = 1, LastNormalView = 0, LastOp = 2, LastCommitted = 1, ReplicaIdx = 2 };
        dvc.Entries.Add(Entry(1, "a"));
        dvc.Entries.Add(Entry(2, "b"));

        bed.FromReplica(2, dvc);

        Assert.Equal((ReplicaStatus.Normal, 1ul, 2ul), (bed.Replica.Status, bed.Replica.View, bed.Replica.LastOp));
        Assert.True(bed.Replica.IsLeader);
        Assert.Equal(["a"], bed.App.Ops);
        var startView = Assert.Single(bed.ReceivedBy<StartViewMessage>(0));
        Assert.Equal((1ul, 2ul, 1ul), (startView.View, startView.LastOp, startView.LastCommitted));
    }

    [Fact]
    public void NewLeaderOfFour_NeedsTwoDoViewChanges_SoNoTwoHalvesElectApart()
    {
        var bed = new ReplicaTestBed(index: 1, replicas: 4);

        bed.FromReplica(2, new DoViewChangeMessage { View = 1, LastNormalView = 0, LastOp = 0, LastCommitted = 0, ReplicaIdx = 2 });
        Assert.Equal(ReplicaStatus.ViewChange, bed.Replica.Status);

        bed.FromReplica(3, new DoViewChangeMessage { View = 1, LastNormalView = 0, LastOp = 0, LastCommitted = 0, ReplicaIdx = 3 });
        Assert.Equal((ReplicaStatus.Normal, 1ul), (bed.Replica.Status, bed.Replica.View));
    }

    [Fact]
    public void NewLeader_PrefersTheLogOfTheLatestNormalViewOverALongerOlderOne()
    {
        var bed = new ReplicaTestBed(index: 1, replicas: 5);
        var older = new DoViewChangeMessage { View = 6, LastNormalView = 0, LastOp = 2, LastCommitted = 0, ReplicaIdx = 0 };
        older.Entries.Add(Entry(1, "old"));
        older.Entries.Add(Entry(2, "old too"));
        var newer = new DoViewChangeMessage { View = 6, LastNormalView = 3, LastOp = 1, LastCommitted = 0, ReplicaIdx = 2 };
        newer.Entries.Add(Entry(1, "new"));

        bed.FromReplica(0, older);
        bed.FromReplica(2, newer);

        Assert.Equal((ReplicaStatus.Normal, 6ul, 1ul), (bed.Replica.Status, bed.Replica.View, bed.Replica.LastOp));
        Assert.Equal("new", bed.Replica.FindEntry(1)!.Request.Op.ToStringUtf8());
    }

    [Fact]
    public void NewLeader_GivenALogThatStartsAboveItsCommitPoint_AsksForMoreInsteadOfInstallingIt()
    {
        var bed = new ReplicaTestBed(index: 1);
        var dvc = new DoViewChangeMessage { View = 1, LastNormalView = 0, LastOp = 3, LastCommitted = 2, ReplicaIdx = 2 };
        dvc.Entries.Add(Entry(3, "c"));

        bed.FromReplica(2, dvc);

        Assert.Equal(ReplicaStatus.ViewChange, bed.Replica.Status);
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.InsufficientLog));
        Assert.Contains(bed.ReceivedBy<StartViewChangeMessage>(2), s => s.LastCommitted == 0);
    }

    [Fact]
    public void StartView_InstallsTheNewLogCommitsAndAcknowledgesTheUncommittedTail()
    {
        var bed = new ReplicaTestBed(index: 2);
        var startView = new StartViewMessage { View = 1, LastOp = 2, LastCommitted = 1 };
        startView.Entries.Add(new StartViewMessage.Types.LogEntry { View = 0, Opnum = 1, Request = Entry(1, "a").Request });
        startView.Entries.Add(new StartViewMessage.Types.LogEntry { View = 0, Opnum = 2, Request = Entry(2, "b").Request });

        bed.FromReplica(1, startView);

        Assert.Equal((ReplicaStatus.Normal, 1ul, 2ul), (bed.Replica.Status, bed.Replica.View, bed.Replica.LastOp));
        Assert.Equal(["a"], bed.App.Ops);
        Assert.Equal(2ul, Assert.Single(bed.ReceivedBy<PrepareOKMessage>(1)).Opnum);
    }

    [Fact]
    public void StartView_ReplacesUncommittedEntriesOfAnOlderView()
    {
        var bed = new ReplicaTestBed(index: 2);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "stale"));
        var startView = new StartViewMessage { View = 1, LastOp = 1, LastCommitted = 0 };
        startView.Entries.Add(new StartViewMessage.Types.LogEntry { View = 1, Opnum = 1, Request = Entry(1, "fresh").Request });

        bed.FromReplica(1, startView);

        Assert.Equal("fresh", bed.Replica.FindEntry(1)!.Request.Op.ToStringUtf8());
    }

    [Fact]
    public void StartViewThatDoesNotReachBackToTheCommitPoint_LeadsToAStateTransfer()
    {
        var bed = new ReplicaTestBed(index: 2);
        var startView = new StartViewMessage { View = 1, LastOp = 3, LastCommitted = 2 };
        startView.Entries.Add(new StartViewMessage.Types.LogEntry { View = 0, Opnum = 3, Request = Entry(3, "c").Request });

        bed.FromReplica(1, startView);

        Assert.Equal(0ul, bed.Replica.View);
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.InsufficientLog));
        Assert.Single(bed.ReceivedBy<RequestStateTransferMessage>(1));
    }

    [Fact]
    public void UnfinishedViewChange_MovesToTheNextViewAfterItsTimeout()
    {
        var bed = new ReplicaTestBed(index: 2);
        bed.FromReplica(1, new StartViewChangeMessage { View = 1, ReplicaIdx = 1, LastCommitted = 0 });

        bed.Network.RunFor(TimeSpan.FromSeconds(5.1));

        Assert.Equal((ReplicaStatus.ViewChange, 2ul), (bed.Replica.Status, bed.Replica.View));
    }

    [Fact]
    public void LeaderOfARunningView_AnswersALateDoViewChangeWithTheStartView()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(2, new DoViewChangeMessage { View = 1, LastNormalView = 0, LastOp = 0, LastCommitted = 0, ReplicaIdx = 2 });
        Assert.True(bed.Replica.IsLeader);

        bed.FromReplica(0, new DoViewChangeMessage { View = 1, LastNormalView = 0, LastOp = 0, LastCommitted = 0, ReplicaIdx = 0 });

        Assert.Single(bed.ReceivedBy<StartViewMessage>(0).Where(s => s.View == 1).Skip(1));
    }

    internal static DoViewChangeMessage.Types.LogEntry Entry(ulong op, string text) =>
        new() { View = 0, Opnum = op, Request = new Request { Op = ByteString.CopyFromUtf8(text), Clientid = 7, Clientreqid = op } };
}
