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
        using var client = test.Cluster.StartClient(0,
            ["-n", "2000", "-t", "2", "--app", "echo", "--deadline", "120", "--bind", test.Cluster.ClientAddress(0)]);
        Assert.True(client.WaitForExit(Patience), $"2000 requests did not complete within {Patience.TotalSeconds} s");
        Assert.True(client.ExitCode == 0, $"client exit {client.ExitCode}: {client.Errors}{string.Join(Environment.NewLine, client.OutputLines)}");

        var status = Enumerable.Range(0, 3).Select(i => Status(test.Cluster, i)).ToList();
        int leader = (int)(status[0].GetProperty("control").GetProperty("view").GetUInt64() % 3);
        log.WriteLine($"leader {leader}: {Summary(status[leader])}");
        var prune = Counters(status[leader], "prune");
        // Every Prepare's op has a slot the leader's egress started, so each vote is counted: at 3 replicas, one per
        // op completes the quorum (passed up) and the other is dropped.
        Assert.True(prune.GetProperty("dropped").GetUInt64() >= 1000, $"the leader pruned too few votes: {prune}");
        Assert.True(prune.GetProperty("fellBack").GetUInt64() < 100, $"votes fell back to userspace: {prune}");
        ReplicaLogs.StopAndCompare(test.Cluster);
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
}
