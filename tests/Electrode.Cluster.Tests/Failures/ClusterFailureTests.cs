using Electrode.Cluster.Delay;
using Electrode.Cluster.Tests.Support;
using Electrode.Faults.Control;
using Electrode.Faults.Layout;
using Electrode.Vr.Linearizability;
using Xunit.Abstractions;

namespace Electrode.Cluster.Tests.Failures;

/// <summary>
/// Three kv replicas and 8 clients on 16 shared keys, each in a network namespace, under one failure at a time: loss,
/// duplication, delay with reordering, a follower or the leader killed with SIGKILL and restarted on its data directory.
/// After a bounded load (two phases of a thousand operations) each test checks that the client saw no wrong reply, that
/// the history with a final read of every key is linearizable (so every acknowledged write is there), and that all live
/// replicas end with the same log. Every row runs with no fast path and, where <c>electrode attach</c> exists, on the
/// kernel fast paths in generic and native mode. Each prints what it checked: operations, faults injected, violations.
/// </summary>
public sealed class ClusterFailureTests(ITestOutputHelper output)
{
    private const int OperationsPerPhase = 1000;
    private const ushort ReplicaPort = ClusterSpec.ReplicaPort;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [FastPathTheory]
    [InlineData(FastPathModes.None, 10_000)]
    [InlineData(FastPathModes.None, 50_000)]
    [InlineData(FastPathModes.Generic, 10_000)]
    [InlineData(FastPathModes.Generic, 50_000)]
    [InlineData(FastPathModes.Native, 10_000)]
    [InlineData(FastPathModes.Native, 50_000)]
    public void DatagramsLost_NothingAcknowledgedIsLostAndLogsAgree(string mode, int lossPpm)
    {
        FaultInjectorObject? injector = null;
        FaultCounters injected = default;
        RunKvHistory(mode,
            faults: test => injector = test.Cluster.AttachFaults(new FaultSettings { LossPpm = (uint)lossPpm, FirstPort = ReplicaPort, LastPort = ReplicaPort, Seed = 11 }),
            calm: _ =>
            {
                injected = injector!.ReadCounters();
                Assert.True(injected.Dropped > 0, "the injector dropped nothing: the test did not test loss");
                injector.Configure(new FaultSettings { FirstPort = ReplicaPort, LastPort = ReplicaPort });
            },
            faultsInjected: () => $"{injected.Dropped} of {injected.Seen} replica datagrams dropped ({lossPpm / 10_000.0}%)");
    }

    [FastPathTheory]
    [InlineData(FastPathModes.None)]
    [InlineData(FastPathModes.Generic)]
    [InlineData(FastPathModes.Native)]
    public void DatagramsDuplicated_NothingAcknowledgedIsLostAndLogsAgree(string mode)
    {
        FaultInjectorObject? injector = null;
        FaultCounters injected = default;
        RunKvHistory(mode,
            faults: test => injector = test.Cluster.AttachFaults(new FaultSettings { DuplicatePpm = 50_000, FirstPort = ReplicaPort, LastPort = ReplicaPort, Seed = 12 }),
            calm: _ =>
            {
                injected = injector!.ReadCounters();
                Assert.True(injected.Duplicated > 0, "the injector duplicated nothing: the test did not test duplication");
                injector.Configure(new FaultSettings { FirstPort = ReplicaPort, LastPort = ReplicaPort });
            },
            faultsInjected: () => $"{injected.Duplicated} of {injected.Seen} replica datagrams duplicated");
    }

    [FastPathTheory]
    [InlineData(FastPathModes.None)]
    [InlineData(FastPathModes.Generic)]
    [InlineData(FastPathModes.Native)]
    public void DatagramsDelayedAndReordered_NothingAcknowledgedIsLostAndLogsAgree(string mode)
    {
        IReadOnlyList<PacketDelayer> delayers = [];
        RunKvHistory(mode,
            faults: test => delayers = test.Cluster.AddDelay(new DelaySettings { Minimum = TimeSpan.Zero, Maximum = TimeSpan.FromMilliseconds(4), Seed = 13 }),
            calm: _ => Assert.True(delayers.Sum(d => d.Delayed) > 0, "the delayers held nothing: the test did not test delay"),
            faultsInjected: () => $"{delayers.Sum(d => d.Delayed)} replica datagrams delayed by 0 to 4 ms (reordered)");
    }

    [FastPathTheory]
    [InlineData(FastPathModes.None)]
    [InlineData(FastPathModes.Generic)]
    [InlineData(FastPathModes.Native)]
    public void FollowerKilledAndRestarted_RecoversAndNothingAcknowledgedIsLost(string mode) =>
        RunKvHistory(mode, midLoad: (test, load) =>
        {
            test.Cluster.CrashReplica(2);
            load.WaitForMoreOperations(OperationsPerPhase);
            Restart(test, 2);
        }, faultsInjected: () => "follower 2 killed with SIGKILL mid-load, restarted 1,000 operations later");

    [FastPathTheory]
    [InlineData(FastPathModes.None)]
    [InlineData(FastPathModes.Generic)]
    [InlineData(FastPathModes.Native)]
    public void LeaderKilledAndRestarted_RecoversAndNothingAcknowledgedIsLost(string mode) =>
        RunKvHistory(mode, midLoad: (test, _) =>
        {
            test.Cluster.CrashReplica(0);
            Thread.Sleep(500);
            Restart(test, 0);
        }, faultsInjected: () => "leader 0 killed with SIGKILL mid-load, restarted 500 ms later");

    private static void Restart(TestCluster test, int index)
    {
        var replica = test.Cluster.StartReplica(index);
        Assert.Contains("recovering", replica.WaitForLine($"replica {index} of 3 listening", TimeSpan.Zero));
        Assert.True(replica.WaitForLine($"replica {index} recovered:", Patience) is not null,
            $"replica {index} did not recover within {Patience.TotalSeconds} s: {replica.Errors}");
    }

    private void RunKvHistory(string mode, Action<TestCluster>? faults = null, Action<TestCluster, KvHistoryLoad>? midLoad = null,
        Action<TestCluster>? calm = null, Func<string>? faultsInjected = null)
    {
        int checkedOperations;
        using var test = new TestCluster(mode);
        faults?.Invoke(test);
        using (var load = new KvHistoryLoad(test))
        {
            load.WaitForMoreOperations(OperationsPerPhase);
            midLoad?.Invoke(test, load);
            load.WaitForMoreOperations(OperationsPerPhase);
            load.Finish();
            calm?.Invoke(test);
            var history = KvHistoryReader.ReadFile(load.HistoryPath).Concat(FinalReads.Of(test.Cluster, KvHistoryLoad.Keys)).ToList();
            var verdict = KvLinearizabilityChecker.Check(history);
            Assert.True(verdict.Outcome == LinearizabilityOutcome.Linearizable,
                $"the history with the final reads is not linearizable: {verdict.Explanation}");
            checkedOperations = history.Count;
        }
        ReplicaLogs.WaitUntilEqual(test.Cluster, TimeSpan.FromSeconds(20));
        ReplicaLogs.StopAndCompare(test.Cluster);
        output.WriteLine($"{mode}: {checkedOperations} operations checked, linearizable (0 violations), logs equal; " +
                         $"faults: {faultsInjected?.Invoke() ?? "none"}");
    }
}
