using Electrode.Vr.Replica;
using Electrode.Vr.Messages;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>
/// Scenarios with a failed replica or leader, lost replies and a rebuilt replica: FailedReplica, StateTransfer,
/// FailedLeader, DroppedReply, DroppedReplyThenFailedLeader, Recovery (VR-SCENARIOS.md).
/// </summary>
public class FailureScenarios
{
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void FailedReplica_TheOtherTwoExecuteEveryOpInOrder(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        var driver = Driver(cluster);

        driver.Start();
        cluster.Isolate(1);
        cluster.Run(() => driver.Done && AllExecuted(cluster, 10, 0, 2), Cap);

        Assert.Empty(driver.WrongAnswers());
        Assert.True(driver.Done, "the client did not get all its replies");
        ExecutionChecks.AssertExecuted(cluster, [0, 2], NormalOperationScenarios.Ops(10));
        ExecutionChecks.AssertConsistent(cluster.Apps, [0, 2], 10, "cut-off replica 1: ");
    }

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void StateTransfer_CatchesUpAReconnectedReplica(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        long cut = 0;
        var driver = Driver(cluster, afterReply: n =>
        {
            if (n == 5) cluster.Network.RemoveFilter(cut);
        });

        driver.Start();
        cut = cluster.Isolate(1);
        cluster.Run(() => driver.Done && AllExecuted(cluster, 10, 0, 1, 2), Cap);

        Assert.Empty(driver.WrongAnswers());
        ExecutionChecks.AssertExecuted(cluster, [0, 1, 2], NormalOperationScenarios.Ops(10));
        Assert.True(cluster.Replicas[1].Counters.StateTransfersRequested > 0, "replica 1 caught up without a state transfer");
    }

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void FailedLeader_ViewChangesToReplica1AndTheClientRetriesThere(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        var driver = Driver(cluster, afterReply: n =>
        {
            if (n == 5) cluster.Isolate(0);
        });

        driver.Start();
        cluster.Run(() => driver.Done && AllExecuted(cluster, 10, 1, 2), Cap);

        Assert.Empty(driver.WrongAnswers());
        Assert.True(driver.Done, "the client did not get all its replies");
        ExecutionChecks.AssertExecuted(cluster, [1, 2], NormalOperationScenarios.Ops(10));
        ExecutionChecks.AssertConsistent(cluster.Apps, [1, 2], 10, "cut-off leader 0: ");
        Assert.True(cluster.Replicas[1].IsLeader, $"replica 1 is not the leader; views are {string.Join(", ", cluster.Replicas.Select(r => r.View))}");
        Assert.True(cluster.Clients[0].Resends > 0);
        Assert.True(cluster.Replicas[2].Counters.ViewChangesStarted > 0);
    }

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void DroppedReply_RetryIsAnsweredFromTheClientTableWithoutReexecution(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        var dropped = false;
        cluster.Network.AddFilter(PacketFilter.Drop(p => p.Is<ReplyMessage>() && !dropped && (dropped = true)));
        var driver = Driver(cluster, count: 1);

        driver.Start();
        cluster.Run(() => driver.Done && AllExecuted(cluster, 1, 0, 1, 2), Cap);
        cluster.Network.RunFor(Quiet);

        Assert.True(dropped);
        Assert.Equal([("test: 0", "reply: test: 0")], driver.Answers);
        Assert.True(cluster.Clients[0].Resends > 0, "the client never retried");
        ExecutionChecks.AssertExecuted(cluster, [0, 1, 2], ["test: 0"]);
    }

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void DroppedReplyThenFailedLeader_NewLeaderCommitsTheLoggedOpAndAnswersTheRetry(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        var dropped = false;
        cluster.Network.AddFilter(PacketFilter.Drop(p => p.Is<ReplyMessage>() && !dropped && (dropped = true)));
        cluster.Network.AddFilter(PacketFilter.Drop(p => dropped && p.Involves(0)));
        var driver = Driver(cluster, count: 1);

        driver.Start();
        cluster.Run(() => driver.Done && AllExecuted(cluster, 1, 1, 2), Cap);
        cluster.Network.RunFor(Quiet);

        Assert.Equal([("test: 0", "reply: test: 0")], driver.Answers);
        ExecutionChecks.AssertExecuted(cluster, [1, 2], ["test: 0"]);
        ExecutionChecks.AssertConsistent(cluster.Apps, [1, 2], 1, "cut-off leader 0: ");
        Assert.True(cluster.Replicas[1].IsLeader && cluster.Replicas[1].View >= 1);
    }

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void Recovery_RebuiltReplicaRelearnsAndReplaysTheLog(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        long cut = 0;
        var driver = Driver(cluster, pause: TimeSpan.FromSeconds(10), afterReply: n =>
        {
            if (n == 5) cut = cluster.Isolate(0);
            if (n == 7)
            {
                cluster.Network.RemoveFilter(cut);
                cluster.Rebuild(0);
            }
        });

        driver.Start();
        cluster.Run(() => driver.Done && AllExecuted(cluster, 10, 0, 1, 2), TimeSpan.FromHours(1));

        Assert.Empty(driver.WrongAnswers());
        Assert.True(driver.Done, "the client did not get all its replies");
        ExecutionChecks.AssertExecuted(cluster, [0, 1, 2], NormalOperationScenarios.Ops(10));
    }

    /// <summary>
    /// The leader restarts with an empty log, well before the followers' view-change timeout: it comes back
    /// recovering, its Recovery makes the followers change view at once, and it relearns the log from the new leader.
    /// </summary>
    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void LeaderRestartedWithAmnesia_RecoversFromTheNextViewAndLosesNothing(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        var restartedAt = TimeSpan.Zero;
        var driver = Driver(cluster, pause: TimeSpan.FromMilliseconds(100), afterReply: n =>
        {
            if (n != 5) return;
            restartedAt = cluster.Network.Now;
            cluster.Rebuild(0);
        });

        driver.Start();
        cluster.Run(() => restartedAt > TimeSpan.Zero && cluster.Replicas.All(r => r.Status == ReplicaStatus.Normal && r.View == 1), Cap);
        Assert.True(cluster.Network.Now - restartedAt < new ReplicaOptions().ViewChangeTimeout,
            $"view 1 and the recovery took {cluster.Network.Now - restartedAt} after the restart: no faster than the view-change timeout");
        cluster.Run(() => driver.Done && AllExecuted(cluster, 10, 0, 1, 2), Cap);

        Assert.Empty(driver.WrongAnswers());
        Assert.True(driver.Done, "the client did not get all its replies");
        ExecutionChecks.AssertExecuted(cluster, [0, 1, 2], NormalOperationScenarios.Ops(10));
        Assert.All(cluster.Replicas, r => Assert.Equal(1ul, r.View));
        Assert.Equal(cluster.Replicas[1].LogDigest, cluster.Replicas[0].LogDigest);
    }

    private static ClientDriver Driver(VrCluster cluster, int count = 10, Action<int>? afterReply = null, TimeSpan pause = default) =>
        new(cluster.Clients[0], cluster.Transport, count, n => $"test: {n}") { AfterReply = afterReply, Pause = pause };

    private static bool AllExecuted(VrCluster cluster, int count, params int[] replicas) =>
        replicas.All(i => cluster.Apps[i].Ops.Count >= count);
}
