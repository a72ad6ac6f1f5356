using System.Text.RegularExpressions;
using Electrode.Cluster.Namespaces;

namespace Electrode.Cluster.Tests.Support;

/// <summary>The replicas' logs as their status and stop lines show them: last op and log digest.</summary>
internal static partial class ReplicaLogs
{
    /// <summary>
    /// Asks every live replica for its status until all show the same last op and log digest (the load has ended, so
    /// a lagging follower catches up from the leader's resends), at most <paramref name="patience"/>.
    /// </summary>
    public static void WaitUntilEqual(NamespaceCluster cluster, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        List<string> logs;
        do
        {
            logs = [];
            foreach (var (replica, index) in cluster.Replicas.Select((r, i) => (r, i)))
            {
                if (replica is null) continue;
                int from = replica.LineCount;
                replica.RequestStatus();
                var line = replica.WaitForLine($"replica {index} status:", TimeSpan.FromSeconds(5), from);
                logs.Add(line is null ? $"replica {index}: no status" : LogOf(line));
            }
            if (logs.Distinct().Count() == 1)
                return;
            Thread.Sleep(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"the live replicas' logs still differ after {patience.TotalSeconds} s: {string.Join("; ", logs)}");
    }

    /// <summary>Stops every replica and checks that each printed its stop line with the same log and no conflicting Prepare.</summary>
    public static void StopAndCompare(NamespaceCluster cluster)
    {
        var live = cluster.Replicas.Select((r, i) => (r, i)).Where(x => x.r is not null).Select(x => x.i).ToList();
        var lines = cluster.StopReplicas();
        var stopped = live.Select(i => lines[i] ?? $"replica {i} printed no stop line").ToList();
        string all = string.Join(Environment.NewLine, stopped);
        Assert.All(stopped, l => Assert.Matches(StopLine(), l));
        Assert.True(stopped.Select(LogOf).Distinct().Count() == 1, "the replicas' logs differ:" + Environment.NewLine + all);
        Assert.All(stopped, l => Assert.EndsWith("conflicting prepares 0", l));
    }

    private static string LogOf(string line)
    {
        var match = LastOpAndDigest().Match(line);
        return match.Success ? $"last op {match.Groups[1].Value}, log {match.Groups[2].Value}" : line;
    }

    [GeneratedRegex(@"last op (\d+), .*log digest ([0-9a-f]{16})")]
    private static partial Regex LastOpAndDigest();

    [GeneratedRegex(@"^replica \d+ stopped: .*log digest [0-9a-f]{16}")]
    private static partial Regex StopLine();
}
