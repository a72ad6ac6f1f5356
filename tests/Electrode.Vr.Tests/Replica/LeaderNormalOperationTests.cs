using System.Text;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.Messages;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.Replica;

public class LeaderNormalOperationTests
{
    [Fact]
    public void Request_IsAppendedAndPreparedToEveryFollower()
    {
        var bed = new ReplicaTestBed(index: 0);

        bed.FromClient(ReplicaTestBed.Request("a"));

        Assert.Equal(1ul, bed.Replica.LastOp);
        foreach (var peer in new[] { 1, 2 })
        {
            var prepare = Assert.Single(bed.ReceivedBy<PrepareMessage>(peer));
            Assert.Equal((0ul, 1ul, 1ul), (prepare.View, prepare.Batchstart, prepare.Opnum));
            Assert.Equal("a", prepare.Request[0].Op.ToStringUtf8());
        }
        Assert.Empty(bed.App.Ops);
    }

    [Fact]
    public void OnePrepareOk_CompletesTheQuorumOfThree_ExecutesRepliesAndCommits()
    {
        var bed = new ReplicaTestBed(index: 0);
        bed.FromClient(ReplicaTestBed.Request("a"));

        bed.FromReplica(2, ReplicaTestBed.PrepareOk(0, 1, 2));

        Assert.Equal(["a"], bed.App.Ops);
        var reply = Assert.Single(bed.ReceivedBy<ReplyMessage>(bed.Client));
        Assert.Equal(("reply: a", 1ul, 1ul), (reply.Reply.ToStringUtf8(), reply.Opnum, reply.Clientreqid));
        Assert.Equal(1ul, Assert.Single(bed.ReceivedBy<CommitMessage>(1)).Opnum);
    }

    [Fact]
    public void FiveReplicas_NeedTwoFollowerVotes()
    {
        var bed = new ReplicaTestBed(index: 0, replicas: 5);
        bed.FromClient(ReplicaTestBed.Request("a"));

        bed.FromReplica(1, ReplicaTestBed.PrepareOk(0, 1, 1));
        bed.FromReplica(1, ReplicaTestBed.PrepareOk(0, 1, 1));
        Assert.Equal(0ul, bed.Replica.LastCommitted);

        bed.FromReplica(3, ReplicaTestBed.PrepareOk(0, 1, 3));
        Assert.Equal(1ul, bed.Replica.LastCommitted);
    }

    [Fact]
    public void FourReplicas_NeedTwoFollowerVotes_SoNoTwoHalvesCommitApart()
    {
        var bed = new ReplicaTestBed(index: 0, replicas: 4);
        bed.FromClient(ReplicaTestBed.Request("a"));

        bed.FromReplica(1, ReplicaTestBed.PrepareOk(0, 1, 1));
        Assert.Equal(0ul, bed.Replica.LastCommitted);

        bed.FromReplica(2, ReplicaTestBed.PrepareOk(0, 1, 2));
        Assert.Equal(1ul, bed.Replica.LastCommitted);
    }

    [Theory]
    [InlineData(FastPaths.QuorumPrune, 1ul)]
    [InlineData(FastPaths.None, 0ul)]
    public void CertifiedPrepareOk_CommitsAloneOnlyWhenTheDataPlanePrunesQuorums(FastPaths capabilities, ulong committed)
    {
        var bed = new ReplicaTestBed(index: 0, replicas: 5, capabilities: capabilities);
        bed.FromClient(ReplicaTestBed.Request("a"));

        bed.FromReplica(4, ReplicaTestBed.PrepareOk(0, 1, 4), certified: true);

        Assert.Equal(committed, bed.Replica.LastCommitted);
    }

    [Fact]
    public void SingleReplicaCluster_CommitsEachRequestAtOnce()
    {
        var bed = new ReplicaTestBed(index: 0, replicas: 1);

        bed.FromClient(ReplicaTestBed.Request("a"));

        Assert.Equal(["a"], bed.App.Ops);
        Assert.Single(bed.ReceivedBy<ReplyMessage>(bed.Client));
    }

    [Fact]
    public void RetriedRequest_AfterExecution_GetsTheCachedReplyWithoutReexecution()
    {
        var bed = new ReplicaTestBed(index: 0);
        bed.FromClient(ReplicaTestBed.Request("a"));
        bed.FromReplica(1, ReplicaTestBed.PrepareOk(0, 1, 1));

        bed.FromClient(ReplicaTestBed.Request("a"));

        Assert.Equal(["a"], bed.App.Ops);
        Assert.Equal(1ul, bed.Replica.LastOp);
        Assert.Equal(2, bed.ReceivedBy<ReplyMessage>(bed.Client).Count(r => r.Reply.ToStringUtf8() == "reply: a"));
    }

    [Fact]
    public void RetriedRequest_StillBeingAgreedOn_IsDropped()
    {
        var bed = new ReplicaTestBed(index: 0);
        bed.FromClient(ReplicaTestBed.Request("a"));

        bed.FromClient(ReplicaTestBed.Request("a"));

        Assert.Equal(1ul, bed.Replica.LastOp);
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.DuplicateRequest));
    }

    [Fact]
    public void Batching_HoldsRequestsWhileABatchIsOutstandingAndSendsThemTogether()
    {
        var bed = new ReplicaTestBed(index: 0, batchSize: 8);
        bed.FromClient(ReplicaTestBed.Request("a", client: 1));
        bed.FromClient(ReplicaTestBed.Request("b", client: 2));
        bed.FromClient(ReplicaTestBed.Request("c", client: 3));
        Assert.Single(bed.ReceivedBy<PrepareMessage>(1));

        bed.FromReplica(1, ReplicaTestBed.PrepareOk(0, 1, 1));

        var second = bed.ReceivedBy<PrepareMessage>(1).Last();
        Assert.Equal((2ul, 3ul), (second.Batchstart, second.Opnum));
    }

    [Fact]
    public void Batching_AFullBatchIsSentAtOnce()
    {
        var bed = new ReplicaTestBed(index: 0, batchSize: 2);
        bed.FromClient(ReplicaTestBed.Request("a", client: 1));
        bed.FromClient(ReplicaTestBed.Request("b", client: 2));
        bed.FromClient(ReplicaTestBed.Request("c", client: 3));

        var prepares = bed.ReceivedBy<PrepareMessage>(1).ToList();
        Assert.Equal(2, prepares.Count);
        Assert.Equal((2ul, 3ul), (prepares[1].Batchstart, prepares[1].Opnum));
    }

    [Fact]
    public void Batching_APartialBatchClosesOnItsTimer()
    {
        var bed = new ReplicaTestBed(index: 0, batchSize: 8);
        bed.FromClient(ReplicaTestBed.Request("a", client: 1));
        bed.FromClient(ReplicaTestBed.Request("b", client: 2));

        bed.Network.RunFor(TimeSpan.FromMilliseconds(20));

        Assert.Contains(bed.ReceivedBy<PrepareMessage>(1), p => p.Batchstart == 2 && p.Opnum == 2);
    }

    [Fact]
    public void UnansweredPrepare_IsSentAgainAfterHalfASecond()
    {
        var bed = new ReplicaTestBed(index: 0);
        bed.FromClient(ReplicaTestBed.Request("a"));

        bed.Network.RunFor(TimeSpan.FromMilliseconds(600));

        Assert.Equal(2, bed.ReceivedBy<PrepareMessage>(1).Count());
    }

    [Fact]
    public void IdleLeader_SendsANullCommitEverySecond()
    {
        var bed = new ReplicaTestBed(index: 0);

        bed.Network.RunFor(TimeSpan.FromSeconds(3.5));

        Assert.Equal(3, bed.ReceivedBy<CommitMessage>(1).Count());
    }

    [Fact]
    public void UnloggedRequest_IsExecutedAndAnsweredWithoutLogging()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.FromClient(new UnloggedRequestMessage { Req = new UnloggedRequest { Op = Google.Protobuf.ByteString.CopyFromUtf8("q"), Clientid = 7, Clientreqid = 1 } });

        Assert.Equal("unlreply: q", Encoding.UTF8.GetString(Assert.Single(bed.ReceivedBy<UnloggedReplyMessage>(bed.Client)).Reply.Span));
        Assert.Equal(0ul, bed.Replica.LastOp);
    }
}
