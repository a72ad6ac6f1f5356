using System.Diagnostics;
using System.Text.Json;
using BpfSharp.Testing;
using Electrode.Cluster.Namespaces;
using Electrode.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Electrode.Cluster.Tests.Namespaces;

/// <summary>Three replicas on the kernel fast paths, each in its namespace: the kernel does the work, and the logs agree.</summary>
public sealed class KernelFastPathClusterTests(ITestOutputHelper log)
{
    private const int Requests = 10_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [FastPathTheory]
    [InlineData(FastPathModes.Generic)]
    [InlineData(FastPathModes.Native)]
    public void TenThousandRequestsFromFourClientsComplete_FollowersReplyInTheKernel_TheLeaderPrunesVotes_AllExecuteTheSameSequence(string mode)
    {
        using var test = new TestCluster(mode, app: "echo");
        using var client = test.Cluster.StartClient(0,
            ["-n", $"{Requests}", "-t", "4", "--app", "echo", "--deadline", "120", "--bind", test.Cluster.ClientAddress(0)]);
        Assert.True(client.WaitForExit(Patience), $"{Requests} requests did not complete within {Patience.TotalSeconds} s");
        Assert.True(client.ExitCode == 0, $"client exit {client.ExitCode}: {client.Errors}{string.Join(Environment.NewLine, client.OutputLines)}");

        var status = Enumerable.Range(0, 3).Select(i => Status(test.Cluster, i)).ToList();
        ulong view = status[0].GetProperty("control").GetProperty("view").GetUInt64();
        int leader = (int)(view % 3);
        Assert.All(status, s => Assert.Equal(view, s.GetProperty("control").GetProperty("view").GetUInt64()));
        Assert.All(status, s => Assert.Equal("normal", s.GetProperty("control").GetProperty("status").GetString()));
        for (int i = 0; i < status.Count; i++)
            log.WriteLine($"replica {i}{(i == leader ? " (leader)" : "")}: {Summary(status[i])}");
        var prune = Counters(status[leader], "prune");
        Assert.True(prune.GetProperty("dropped").GetUInt64() > 0, $"the leader pruned no vote: {prune}");
        foreach (int follower in Enumerable.Range(0, 3).Where(i => i != leader))
        {
            var reply = Counters(status[follower], "reply");
            Assert.True(reply.GetProperty("tx").GetUInt64() > 0, $"follower {follower} answered no Prepare in the kernel: {reply}");
        }
        ReplicaLogs.StopAndCompare(test.Cluster);
    }

    [FastPathTheory]
    [InlineData(FastPathModes.Generic)]
    [InlineData(FastPathModes.Native)]
    public void With_prune_alone_the_leader_prunes_votes_for_the_Prepares_it_sends_one_by_one(string mode)
    {
        using var test = new TestCluster(mode, app: "echo", paths: "prune");
        var (_, leader) = RunTwoThousandOps(test);
        var prune = AwaitPruneSeen(test.Cluster, leader, votes: 2 * 2000);
        // Every Prepare's op has a slot the leader's egress started, so at 3 replicas the first vote of each op completes
        // its quorum in the kernel (passed up certified). The second is dropped, unless its follower lags more than a
        // ring of ops behind (a starved one may): the slot has moved on, and only userspace still tracks it.
        Assert.True(prune.GetProperty("passed").GetUInt64() >= 1900, $"the kernel completed the quorum of too few of 2000 ops: {prune}");
        ulong lateVotes = ByReason(prune, "SlotReused");
        Assert.True(prune.GetProperty("dropped").GetUInt64() + lateVotes >= 1900, $"the leader neither pruned nor passed up late too many second votes: {prune}");
        Assert.True(prune.GetProperty("fellBack").GetUInt64() - lateVotes < 100, $"votes of current ops fell back to userspace: {prune}");
        ReplicaLogs.StopAndCompare(test.Cluster);
    }

    [FastPathTheory]
    [InlineData(FastPathModes.Generic, "reply")]
    [InlineData(FastPathModes.Native, "reply")]
    [InlineData(FastPathModes.Generic, "broadcast")]
    [InlineData(FastPathModes.Native, "broadcast")]
    public void With_reply_or_broadcast_alone_that_path_does_the_work_of_nearly_every_op(string mode, string paths)
    {
        using var test = new TestCluster(mode, app: "echo", paths: paths);
        var (status, leader) = RunTwoThousandOps(test);
        if (paths == "reply")
        {
            foreach (int follower in Enumerable.Range(0, 3).Where(i => i != leader))
            {
                var reply = Counters(status[follower], "reply");
                Assert.True(reply.GetProperty("tx").GetUInt64() >= 1800, $"follower {follower} answered too few of 2000 Prepares in the kernel: {reply}");
            }
        }
        else
        {
            // At 3 replicas each marked Prepare or Commit is one copy besides the original.
            var broadcast = Counters(status[leader], "broadcast");
            Assert.True(broadcast.GetProperty("tx").GetUInt64() >= 2000, $"the leader's egress copied too few datagrams: {broadcast}");
            Assert.Equal(0ul, broadcast.GetProperty("fellBack").GetUInt64());
        }
        ReplicaLogs.StopAndCompare(test.Cluster);
    }

    /// <summary>2,000 requests from 2 clients; then every replica's status (logged) and the leader's index.</summary>
    private (List<JsonElement> Status, int Leader) RunTwoThousandOps(TestCluster test)
    {
        using var client = test.Cluster.StartClient(0,
            ["-n", "2000", "-t", "2", "--app", "echo", "--deadline", "120", "--bind", test.Cluster.ClientAddress(0)]);
        Assert.True(client.WaitForExit(Patience), $"2000 requests did not complete within {Patience.TotalSeconds} s");
        Assert.True(client.ExitCode == 0, $"client exit {client.ExitCode}: {client.Errors}{string.Join(Environment.NewLine, client.OutputLines)}");

        var status = Enumerable.Range(0, 3).Select(i => Status(test.Cluster, i)).ToList();
        int leader = (int)(status[0].GetProperty("control").GetProperty("view").GetUInt64() % 3);
        for (int i = 0; i < status.Count; i++)
            log.WriteLine($"replica {i}{(i == leader ? " (leader)" : "")}: {Summary(status[i])}");
        return (status, leader);
    }

    /// <summary>
    /// The leader's prune counters once it has seen <paramref name="votes"/> PrepareOKs, or after 30 s: a follower starved
    /// during the load may still be catching up, and sending its votes, when the client is done.
    /// </summary>
    private static JsonElement AwaitPruneSeen(NamespaceCluster cluster, int leader, ulong votes)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var prune = Counters(Status(cluster, leader), "prune");
            if (prune.GetProperty("seen").GetUInt64() >= votes || waited.Elapsed > TimeSpan.FromSeconds(30))
                return prune;
            Thread.Sleep(200);
        }
    }

    private static JsonElement Status(NamespaceCluster cluster, int replica)
    {
        string json = ExternalCommand.Run("ip", "netns", "exec", cluster.ReplicaNamespace(replica), FastPathModes.Executable,
            "status", NamespaceCluster.NodeInterface, "--json");
        using var document = JsonDocument.Parse(json);
        return Assert.Single(document.RootElement.EnumerateArray().ToList()).Clone();
    }

    private static string Summary(JsonElement status) => string.Join("; ", status.GetProperty("counters").EnumerateObject().Select(path =>
        $"{path.Name} seen {path.Value.GetProperty("seen")} passed {path.Value.GetProperty("passed")} dropped {path.Value.GetProperty("dropped")} " +
        $"tx {path.Value.GetProperty("tx")} fell back {path.Value.GetProperty("fellBack")} {path.Value.GetProperty("byReason").GetRawText().ReplaceLineEndings("").Replace(" ", "")}"));

    private static JsonElement Counters(JsonElement status, string path) => status.GetProperty("counters").GetProperty(path);

    private static ulong ByReason(JsonElement counters, string reason) =>
        counters.GetProperty("byReason").TryGetProperty(reason, out var count) ? count.GetUInt64() : 0;
}
