using System.Text;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>Scenarios without failures: OneOp, Unlogged, UnloggedTimeout, ManyOps (VR-SCENARIOS.md).</summary>
public class NormalOperationScenarios
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void OneOp_IsAnsweredAndExecutedOnceByEveryReplica(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        var driver = new ClientDriver(cluster.Clients[0], cluster.Transport, 1, n => $"test: {n}");

        driver.Start();
        cluster.Run(() => driver.Done && cluster.Apps.All(a => a.Ops.Count == 1), TimeSpan.FromMinutes(1));
        cluster.Network.RunFor(Quiet);

        Assert.Equal([("test: 0", "reply: test: 0")], driver.Answers);
        ExecutionChecks.AssertExecuted(cluster, [0, 1, 2], ["test: 0"]);
    }

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void Unlogged_IsAnsweredByTheChosenReplicaAloneWithoutLogging(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        string? reply = null;
        var timeouts = 0;

        cluster.Clients[0].InvokeUnlogged(1, "test: 0"u8, r => reply = Encoding.UTF8.GetString(r), () => timeouts++);
        cluster.Run(() => reply is not null, TimeSpan.FromMinutes(1));
        cluster.Network.RunFor(Quiet);

        Assert.Equal("unlreply: test: 0", reply);
        Assert.Equal(0, timeouts);
        Assert.Equal(["test: 0"], cluster.Apps[1].UnloggedOps);
        Assert.Empty(cluster.Apps[0].UnloggedOps);
        Assert.Empty(cluster.Apps[2].UnloggedOps);
        Assert.All(cluster.Apps, a => Assert.Empty(a.Ops));
        Assert.All(cluster.Replicas, r => Assert.Equal(0ul, r.LastOp));
    }

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void UnloggedTimeout_ToACutOffReplicaIsReportedOnceAndExecutesNothing(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        var replies = 0;
        var timeouts = 0;
        cluster.Isolate(1);

        cluster.Clients[0].InvokeUnlogged(1, "test: 0"u8, _ => replies++, () => timeouts++);
        cluster.Network.RunFor(TimeSpan.FromSeconds(10));

        Assert.Equal(0, replies);
        Assert.Equal(1, timeouts);
        Assert.All(cluster.Apps, a => Assert.Empty(a.Ops));
        Assert.All(cluster.Apps, a => Assert.Empty(a.UnloggedOps));
    }

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void ManyOps_AreExecutedInOrderByEveryReplica(int batchSize, string fastPath)
    {
        var cluster = new VrCluster(batchSize: batchSize, fastPath: fastPath);
        var driver = new ClientDriver(cluster.Clients[0], cluster.Transport, 10, n => $"test: {n}");

        driver.Start();
        cluster.Run(() => driver.Done && cluster.Apps.All(a => a.Ops.Count == 10), TimeSpan.FromMinutes(1));
        cluster.Network.RunFor(Quiet);

        Assert.Empty(driver.WrongAnswers());
        Assert.True(driver.Done);
        ExecutionChecks.AssertExecuted(cluster, [0, 1, 2], Ops(10));
    }

    internal static string[] Ops(int count) => Enumerable.Range(0, count).Select(n => $"test: {n}").ToArray();
}
