using Electrode.Vr.Replica;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>ManyClients and the Stress family: 10 clients x 100 requests, with and without loss (VR-SCENARIOS.md).</summary>
public class ManyClientScenarios
{
    private const int ClientCount = 10;
    private const int RequestsPerClient = 100;
    private static readonly TimeSpan Cap = TimeSpan.FromHours(2);

    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void ManyClients_EveryReplicaExecutesAllOpsOnceInTheSameOrder(int batchSize, string fastPath) =>
        RunManyClients(3, batchSize, fastPath, seed: 1, _ => { });

    [Theory]
    [MemberData(nameof(StressSeeds))]
    public void Stress_WithTenPercentLoss_ReplicasConvergeOnTheSameExactlyOnceHistory(int batchSize, string fastPath, int seed) =>
        RunManyClients(3, batchSize, fastPath, seed, c => c.Network.AddFilter(PacketFilter.Drop(probability: 0.1)));

    [Theory]
    [MemberData(nameof(TenSeeds))]
    public void Stress_WithLossReorderingAndDuplication_ReplicasConvergeOnTheSameExactlyOnceHistory(int batchSize, string fastPath, int seed) =>
        RunManyClients(3, batchSize, fastPath, seed, c =>
        {
            var network = c.Network;
            network.Latency = TimeSpan.FromMilliseconds(1);
            network.AddFilter(PacketFilter.Drop(probability: 0.1));
            network.AddFilter(PacketFilter.Reorder(TimeSpan.FromMilliseconds(5), probability: 0.3));
            network.AddFilter(PacketFilter.Duplicate(1, probability: 0.1));
        });

    [Theory]
    [MemberData(nameof(TenSeeds))]
    public void Stress_OnFiveReplicas_ReplicasConvergeOnTheSameExactlyOnceHistory(int batchSize, string fastPath, int seed) =>
        RunManyClients(5, batchSize, fastPath, seed, c => c.Network.AddFilter(PacketFilter.Drop(probability: 0.1)));

    [Theory]
    [MemberData(nameof(TenSeeds))]
    public void Stress_WithLossAndLeaderFailures_ViewChangesKeepTheHistoryConsistent(int batchSize, string fastPath, int seed) =>
        RunManyClients(3, batchSize, fastPath, seed, c =>
        {
            c.Network.AddFilter(PacketFilter.Drop(probability: 0.1));
            CutOffTheLeaderAWhile(c, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
            CutOffTheLeaderAWhile(c, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(30));
        });

    /// <summary>
    /// The leader is killed and restarted at once, twice, with an empty log and a fresh application: it must come back
    /// recovering, and its followers must move to a new view without waiting for their timeout. The checks below
    /// (every op executed exactly once, in the same order everywhere, every reply right) fail if anything a client
    /// had acknowledged is lost.
    /// </summary>
    [Theory]
    [MemberData(nameof(ScenarioData.BatchSizesAndFastPaths), MemberType = typeof(ScenarioData))]
    public void ManyClients_LeaderRestartedWithAmnesiaTwice_NothingAcknowledgedIsLost(int batchSize, string fastPath) =>
        RunManyClients(3, batchSize, fastPath, seed: 1, c =>
        {
            RestartTheLeaderOnceExecuted(c, 300);
            RestartTheLeaderOnceExecuted(c, 700);
        });

    [Theory]
    [MemberData(nameof(TenSeeds))]
    public void Stress_WithLossAndLeaderRestartsWithAmnesia_NothingAcknowledgedIsLost(int batchSize, string fastPath, int seed) =>
        RunManyClients(3, batchSize, fastPath, seed, c =>
        {
            c.Network.AddFilter(PacketFilter.Drop(probability: 0.1));
            RestartTheLeaderOnceExecuted(c, 250);
            RestartTheLeaderOnceExecuted(c, 600);
        });

    /// <summary>Also runs state transfers in chunks of 8 entries, so long catch-ups take many rounds.</summary>
    [Theory]
    [MemberData(nameof(TenSeeds))]
    public void Chaos_RandomCutsSplitsAndRebuildsWithinTheFaultBound_KeepTheHistoryConsistent(int batchSize, string fastPath, int seed)
    {
        var monkeys = new List<ChaosMonkey>();
        foreach (var replicas in new[] { 3, 5 })
            RunManyClients(replicas, batchSize, fastPath, seed, c =>
            {
                c.Network.AddFilter(PacketFilter.Drop(probability: 0.1));
                var monkey = new ChaosMonkey(c, seed, TimeSpan.FromMinutes(10));
                monkeys.Add(monkey);
                monkey.Start();
            }, o => o with { MaxStateTransferEntries = 8 });
        Assert.True(monkeys.Sum(m => m.Isolations) > 0 && monkeys.Sum(m => m.Partitions) > 0 && monkeys.Sum(m => m.Rebuilds) > 0,
            $"seed {seed}: the monkeys did not cut off, split and rebuild replicas");
    }

    [Fact]
    public void Stress_SameSeed_ReproducesTheSameHistoryAndTiming()
    {
        (IReadOnlyList<string> Ops, TimeSpan End) Once()
        {
            var cluster = new VrCluster(3, 8, "none", ClientCount, seed: 7);
            cluster.Network.AddFilter(PacketFilter.Drop(probability: 0.1));
            var drivers = cluster.Clients
                .Select((client, c) => new ClientDriver(client, cluster.Transport, RequestsPerClient, n => $"test: {c * 1000 + n}"))
                .ToArray();
            foreach (var driver in drivers) driver.Start();
            cluster.Run(() => drivers.All(d => d.Done), Cap);
            return (cluster.Apps[0].Ops.ToList(), cluster.Network.Now);
        }

        var first = Once();
        var second = Once();

        Assert.Equal(first.End, second.End);
        Assert.Equal(first.Ops, second.Ops);
    }

    public static TheoryData<int, string, int> StressSeeds() => ScenarioData.WithSeeds(50);

    public static TheoryData<int, string, int> TenSeeds() => ScenarioData.WithSeeds(10);

    /// <summary>At <paramref name="at"/>, cuts off whichever replica then leads; reconnects it <paramref name="outage"/> later.</summary>
    private static void CutOffTheLeaderAWhile(VrCluster cluster, TimeSpan at, TimeSpan outage) =>
        cluster.Network.StartTimer(at, () =>
        {
            var network = cluster.Network;
            var leader = cluster.Replicas.Where(r => r.IsLeader && r.Status == ReplicaStatus.Normal).MaxBy(r => r.View)!.Index;
            var cut = network.AddFilter(PacketFilter.Isolate(leader));
            network.StartTimer(outage, () => network.RemoveFilter(cut));
        });

    /// <summary>
    /// Once some replica has executed <paramref name="ops"/> ops, destroys whichever replica leads and rebuilds it
    /// at once, recovering, with nothing of its state.
    /// </summary>
    private static void RestartTheLeaderOnceExecuted(VrCluster cluster, int ops)
    {
        void Check()
        {
            if (cluster.Apps.Max(a => a.Ops.Count) < ops)
            {
                cluster.Network.StartTimer(TimeSpan.FromMilliseconds(1), Check);
                return;
            }
            var leader = cluster.Replicas.Where(r => r.IsLeader && r.Status == ReplicaStatus.Normal).MaxBy(r => r.View);
            if (leader is null)
            {
                cluster.Network.StartTimer(TimeSpan.FromMilliseconds(1), Check);
                return;
            }
            cluster.Rebuild(leader.Index);
        }
        cluster.Network.StartTimer(TimeSpan.FromMilliseconds(1), Check);
    }

    private static void RunManyClients(int replicas, int batchSize, string fastPath, int seed, Action<VrCluster> faults,
        Func<ReplicaOptions, ReplicaOptions>? configure = null)
    {
        var cluster = new VrCluster(replicas, batchSize, fastPath, ClientCount, seed, configure);
        var context = $"[n={replicas} batch={batchSize} fastPath={fastPath} seed={seed}] ";
        var drivers = cluster.Clients
            .Select((client, c) => new ClientDriver(client, cluster.Transport, RequestsPerClient, n => $"test: {c * 1000 + n}"))
            .ToArray();
        faults(cluster);

        foreach (var driver in drivers) driver.Start();
        var total = ClientCount * RequestsPerClient;
        var result = cluster.Run(() => drivers.All(d => d.Done) && cluster.Apps.All(a => a.Ops.Count >= total), Cap);

        Assert.True(result == RunResult.Satisfied,
            $"{context}run ended {result} at {cluster.Network.Now}: clients done {drivers.Count(d => d.Done)}/{ClientCount}, " +
            $"executed {string.Join("/", cluster.Apps.Select(a => a.Ops.Count))}, views {string.Join("/", cluster.Replicas.Select(r => r.View))}, " +
            $"status {string.Join("/", cluster.Replicas.Select(r => r.Status))}");
        Assert.True(!drivers.SelectMany(d => d.WrongAnswers()).Any(), $"{context}wrong replies: {string.Join("; ", drivers.SelectMany(d => d.WrongAnswers()).Take(5))}");
        ExecutionChecks.AssertConsistent(cluster.Apps, Enumerable.Range(0, replicas), total, context);
        ExecutionChecks.AssertClientOrder(cluster.Apps[0].Ops, drivers, context);
        Assert.True(cluster.Replicas.All(r => r.Counters.HandedOverOutOfOrder == 0),
            $"{context}the data plane acknowledged Prepares that did not follow a replica's log");
    }
}
