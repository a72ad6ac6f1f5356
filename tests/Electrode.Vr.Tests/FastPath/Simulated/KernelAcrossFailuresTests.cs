using Electrode.Programs.Counting;
using Electrode.Vr.FastPath.Simulated;
using Electrode.Vr.Replica;
using Electrode.Vr.Tests.Scenarios;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.FastPath.Simulated;

/// <summary>
/// The kernel follows the replica through a view change and a rebuild: its control state is the replica's, so the
/// fast paths resume in the new view and on the new incarnation instead of passing everything up for good.
/// </summary>
public class KernelAcrossFailuresTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(10);

    [Fact]
    public void AfterTheLeaderIsCutOffTheNewLeaderPrunesAndTheRemainingFollowerFastRepliesInTheNewView()
    {
        var cluster = new VrCluster(3, 1, "simulated");
        var dataPlane = (SimulatedDataPlane)cluster.Network.DataPlane;
        var driver = new ClientDriver(cluster.Clients[0], cluster.Transport, 10, n => $"test: {n}")
        {
            AfterReply = n =>
            {
                if (n == 4) cluster.Isolate(0);
            },
        };
        ulong answeredInViewZero = 0;
        cluster.Network.StartTimer(TimeSpan.FromMilliseconds(1), () =>
            answeredInViewZero = dataPlane.KernelOf(2)!.Counters(ElectrodeProgram.FastReply).Transmitted);

        driver.Start();
        Assert.Equal(RunResult.Satisfied,
            cluster.Run(() => driver.Done && cluster.Apps[1].Ops.Count == 10 && cluster.Apps[2].Ops.Count == 10, Cap));

        Assert.True(cluster.Replicas[1].IsLeader && cluster.Replicas[1].View == 1);
        var newLeader = dataPlane.KernelOf(1)!;
        Assert.Equal((1ul, Programs.Layout.ControlStatus.Normal), (newLeader.KernelState!.Value.View, newLeader.KernelState.Value.Status));
        Assert.True(newLeader.Counters(ElectrodeProgram.QuorumPrune).Passed > 0, "the new leader's kernel certified no vote in view 1");
        Assert.Equal(5ul, answeredInViewZero);
        Assert.True(dataPlane.KernelOf(2)!.Counters(ElectrodeProgram.FastReply).Transmitted > answeredInViewZero,
            "replica 2's kernel answered no Prepare of the new leader");
    }

    [Fact]
    public void RebuiltReplicaRecoversOnAFreshKernelThatAnswersPreparesOnceItIsNormal()
    {
        var cluster = new VrCluster(3, 1, "simulated");
        var dataPlane = (SimulatedDataPlane)cluster.Network.DataPlane;
        var before = dataPlane.KernelOf(2)!;
        var driver = new ClientDriver(cluster.Clients[0], cluster.Transport, 10, n => $"test: {n}")
        {
            Pause = TimeSpan.FromSeconds(1),
            AfterReply = n =>
            {
                if (n == 4) cluster.Rebuild(2);
            },
        };

        driver.Start();
        Assert.Equal(RunResult.Satisfied, cluster.Run(() => driver.Done && cluster.Apps.All(a => a.Ops.Count == 10), Cap));

        var after = dataPlane.KernelOf(2)!;
        Assert.NotSame(before, after);
        Assert.Equal(ReplicaStatus.Normal, cluster.Replicas[2].Status);
        Assert.Equal(Programs.Layout.ControlStatus.Normal, after.KernelState!.Value.Status);
        Assert.True(after.Counters(ElectrodeProgram.FastReply).Transmitted > 0, "the rebuilt replica's kernel answered no Prepare");
        ExecutionChecks.AssertExecuted(cluster, [0, 1, 2], NormalOperationScenarios.Ops(10));
    }
}
