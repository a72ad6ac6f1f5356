using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.Messages;

namespace Electrode.Vr.Tests.FastPath.Simulated;

/// <summary>
/// Normal operation with the simulated fast paths: each of the three paths does its work in the kernel, so a change
/// that silently disables one of them fails here, even though the replicas would still agree without it.
/// </summary>
public class KernelAtWorkTests
{
    private const int Ops = 10;
    private const FastPaths All =
        FastPaths.Broadcast | FastPaths.QuorumPrune | FastPaths.FastReply;

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void FollowersAnswerEveryPrepareInTheKernelAndTheirUserspaceReceivesNone(int replicas)
    {
        var cluster = new FastPathCluster(replicas, All);

        cluster.RunOps(Ops);

        foreach (var follower in Enumerable.Range(1, replicas - 1))
        {
            var fastReply = cluster.Kernel(follower).Counters(ElectrodeProgram.FastReply);
            Assert.Equal((ulong)Ops, fastReply.Transmitted);
            Assert.Equal(0ul, fastReply.FellBack);
            Assert.Equal(0, cluster.Transport.Received<PrepareMessage>(cluster.Replicas[follower]));
            Assert.Equal((ulong)Ops, cluster.Replicas[follower].LastOp);
            Assert.Equal(Ops, cluster.Apps[follower].Ops.Count);
            Assert.Equal(0, cluster.Replicas[follower].Counters.HandedOverOutOfOrder);
        }
        Assert.Equal((ulong)Ops, cluster.Kernel(0).Counters(ElectrodeProgram.QuorumPrune).Passed);
    }

    [Fact]
    public void LeaderUserspaceReceivesOneCertifiedVotePerOpWhereItWouldReceiveEveryFollowersVote()
    {
        var without = new FastPathCluster(5, FastPaths.None);
        var with = new FastPathCluster(5, All);

        without.RunOps(Ops);
        with.RunOps(Ops);

        Assert.Equal(4 * Ops, without.Transport.Received<PrepareOKMessage>(without.Replicas[0]));
        Assert.Equal(Ops, with.Transport.Received<PrepareOKMessage>(with.Replicas[0]));
        Assert.Equal(Ops, with.Transport.ReceivedCertified<PrepareOKMessage>(with.Replicas[0]));
        var prune = with.Kernel(0).Counters(ElectrodeProgram.QuorumPrune);
        Assert.Equal((ulong)(4 * Ops), prune.Seen);
        Assert.Equal((ulong)Ops, prune[Reason.VoteCounted]);
        Assert.Equal((ulong)(2 * Ops), prune[Reason.QuorumComplete]);
        Assert.Equal((ulong)Ops, prune.Passed);
    }

    [Fact]
    public void LeaderSendsEachPrepareAndCommitOnceAndTheKernelCopiesItToEveryOtherFollower()
    {
        var cluster = new FastPathCluster(5, All);

        cluster.RunOps(Ops);

        var broadcast = cluster.Kernel(0).Counters(ElectrodeProgram.Broadcast);
        Assert.True(broadcast.Seen >= 2 * Ops, $"broadcast program saw {broadcast}: fewer than one Prepare and one Commit per op");
        Assert.Equal(3 * broadcast.Seen, broadcast.Transmitted);
        Assert.Equal(broadcast.Seen, broadcast.Passed);
        Assert.Equal(0ul, broadcast.FellBack);
        foreach (var follower in Enumerable.Range(1, 4))
            Assert.Equal((ulong)Ops, cluster.Kernel(follower).Counters(ElectrodeProgram.FastReply).Transmitted);
    }

    [Fact]
    public void WithOnlyBroadcastEnabledTheIngressPathsLeaveEveryPrepareAndVoteToUserspace()
    {
        var cluster = new FastPathCluster(3, FastPaths.Broadcast);

        cluster.RunOps(Ops);

        Assert.Equal(2 * Ops, cluster.Transport.Received<PrepareOKMessage>(cluster.Replicas[0]));
        Assert.Equal(0, cluster.Transport.ReceivedCertified<PrepareOKMessage>(cluster.Replicas[0]));
        Assert.Equal((ulong)(2 * Ops), cluster.Kernel(0).Counters(ElectrodeProgram.QuorumPrune)[Reason.Disabled]);
        foreach (var follower in new[] { 1, 2 })
        {
            Assert.Equal(Ops, cluster.Transport.Received<PrepareMessage>(cluster.Replicas[follower]));
            Assert.Equal(0ul, cluster.Kernel(follower).Counters(ElectrodeProgram.FastReply).Transmitted);
        }
        Assert.True(cluster.Kernel(0).Counters(ElectrodeProgram.Broadcast).Transmitted >= (ulong)(2 * Ops));
    }
}
