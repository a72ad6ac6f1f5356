using Electrode.Vr.FastPath.Simulated;
using Electrode.Vr.Tests.Scenarios;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.FastPath.Simulated;

/// <summary>
/// The kernel answers a Prepare before userspace sees it, so it must only ever answer Prepares that userspace then
/// appends: a handed-over Prepare that does not follow the log would be a vote for ops the follower does not hold.
/// </summary>
public class HandOverSafetyTests
{
    private const int Clients = 5;
    private const int Requests = 40;

    public static TheoryData<int, int> BatchesAndSeeds()
    {
        var data = new TheoryData<int, int>();
        foreach (var batch in ScenarioData.BatchSizes)
            for (var seed = 1; seed <= 5; seed++)
                data.Add(batch, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(BatchesAndSeeds))]
    public void UnderLossReorderingDuplicationAndLeaderCuts_EveryHandedOverPrepareFollowsTheLog(int batchSize, int seed)
    {
        var cluster = new VrCluster(3, batchSize, "simulated", Clients, seed);
        var network = cluster.Network;
        network.Latency = TimeSpan.FromMilliseconds(1);
        network.AddFilter(PacketFilter.Drop(probability: 0.1));
        network.AddFilter(PacketFilter.Reorder(TimeSpan.FromMilliseconds(5), probability: 0.3));
        network.AddFilter(PacketFilter.Duplicate(1, probability: 0.1));
        network.StartTimer(TimeSpan.FromSeconds(5), () =>
        {
            var cut = network.AddFilter(PacketFilter.Isolate(cluster.Replicas.First(r => r.IsLeader).Index));
            network.StartTimer(TimeSpan.FromSeconds(20), () => network.RemoveFilter(cut));
        });
        var drivers = cluster.Clients
            .Select((client, c) => new ClientDriver(client, cluster.Transport, Requests, n => $"test: {c * 1000 + n}"))
            .ToArray();

        foreach (var driver in drivers) driver.Start();
        var result = cluster.Run(() => drivers.All(d => d.Done) && cluster.Apps.All(a => a.Ops.Count == Clients * Requests),
            TimeSpan.FromHours(1));

        Assert.Equal(RunResult.Satisfied, result);
        var dataPlane = (SimulatedDataPlane)network.DataPlane;
        var handedOver = Enumerable.Range(0, 3).Sum(i => (long)dataPlane.KernelOf(i)!.Counters(Programs.Counting.ElectrodeProgram.FastReply).Transmitted);
        Assert.True(handedOver > 0, "the kernel answered no Prepare at all");
        Assert.All(cluster.Replicas, r => Assert.Equal(0, r.Counters.HandedOverOutOfOrder));
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(0, dataPlane.KernelOf(i)!.UndecodableHandOvers));
    }
}
