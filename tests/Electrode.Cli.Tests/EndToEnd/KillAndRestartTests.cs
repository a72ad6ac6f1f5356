using System.Text.RegularExpressions;
using BpfSharp.Testing;

namespace Electrode.Cli.Tests.EndToEnd;

/// <summary>
/// Replicas killed with SIGKILL in the middle of a key-value load and started again with the same command: they come
/// back recovering, and nothing a client had acknowledged is lost. The client's history of 8 clients over shared keys
/// must be linearizable, and every replica must end with the same log.
/// </summary>
public sealed partial class KillAndRestartTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const int HistoryLinesBetweenFaults = 1500;

    private readonly string directory = Directory.CreateTempSubdirectory("electrode-restart-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void LeaderThenFollowerKilledAndRestartedUnderLoad_HistoryIsLinearizableAndLogsAreEqual(int batch)
    {
        var ports = LoopbackPorts.Free(3);
        string cluster = Path.Combine(directory, "cluster.txt");
        File.WriteAllLines(cluster, ports.Select(p => $"replica 127.0.0.1:{p}"));
        string history = Path.Combine(directory, "history.jsonl");
        var replicas = new ElectrodeProcess[3];
        ElectrodeProcess StartReplica(int i) => ElectrodeProcess.Start("replica", "-c", cluster, "-i", $"{i}", "--app", "kv",
            "--batch", $"{batch}", "--data-dir", Path.Combine(directory, $"replica-{i}"));
        try
        {
            for (int i = 0; i < 3; i++)
                replicas[i] = StartReplica(i);
            for (int i = 0; i < 3; i++)
                Assert.NotNull(replicas[i].WaitForLine($"replica {i} of 3 listening", Patience));

            using var client = ElectrodeProcess.Start("client", "-c", cluster, "-n", "100000000", "-t", "8", "--app", "kv",
                "--shared-keys", "16", "--history", history, "--deadline", "300", "--bind", "127.0.0.1");
            WaitForHistory(history, HistoryLinesBetweenFaults, client);

            Restart(replicas, 0, StartReplica);
            WaitForHistory(history, HistoryLines(history) + HistoryLinesBetweenFaults, client);
            Restart(replicas, 2, StartReplica);
            WaitForHistory(history, HistoryLines(history) + HistoryLinesBetweenFaults, client);

            client.Terminate();
            Assert.True(client.WaitForExit(Patience), "the client did not stop on SIGTERM");
            Assert.True(client.ExitCode == 0, $"client exit {client.ExitCode}: {string.Join(" | ", client.ErrorLines)}; {client.WaitForLine("history:", TimeSpan.Zero)}");
            Assert.Matches(LinearizableLine(), client.WaitForLine("history:", TimeSpan.Zero));
            Assert.Matches(NoWrongReplies(), client.WaitForLine("requests:", TimeSpan.Zero));

            Thread.Sleep(500);
            var stopLines = new string[3];
            for (int i = 0; i < 3; i++)
            {
                replicas[i].Terminate();
                Assert.True(replicas[i].WaitForExit(Patience), $"replica {i} ignored SIGTERM");
                stopLines[i] = replicas[i].WaitForLine($"replica {i} stopped:", TimeSpan.Zero) ?? $"replica {i} printed no stop line";
            }
            var logs = stopLines.Select(l => LogOf().Match(l)).ToArray();
            Assert.All(logs, m => Assert.True(m.Success, string.Join(Environment.NewLine, stopLines)));
            Assert.True(logs.Select(m => m.Value).Distinct().Count() == 1, "the replicas' logs differ:" + Environment.NewLine + string.Join(Environment.NewLine, stopLines));
            Assert.All(stopLines, l => Assert.EndsWith("conflicting prepares 0", l));
        }
        finally
        {
            foreach (var replica in replicas) replica?.Dispose();
        }
    }

    /// <summary>SIGKILLs replica <paramref name="index"/>, starts it again with the same command, and waits until it has recovered.</summary>
    private static void Restart(ElectrodeProcess[] replicas, int index, Func<int, ElectrodeProcess> start)
    {
        replicas[index].Crash();
        replicas[index].Dispose();
        replicas[index] = start(index);
        Assert.Contains("restart 1, recovering", replicas[index].WaitForLine($"replica {index} of 3 listening", Patience));
        Assert.True(replicas[index].WaitForLine($"replica {index} recovered:", Patience) is not null,
            $"replica {index} did not recover: {string.Join(" | ", replicas[index].ErrorLines)}");
    }

    private static void WaitForHistory(string path, int lines, ElectrodeProcess client)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (HistoryLines(path) < lines)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the load did not reach {lines} operations: {string.Join(" | ", client.ErrorLines)}");
            Thread.Sleep(20);
        }
    }

    private static int HistoryLines(string path)
    {
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        int count = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
            if (b == '\n') count++;
        return count;
    }

    [GeneratedRegex(@"^history:    linearizable: \d+ operations on 16 keys")]
    private static partial Regex LinearizableLine();

    [GeneratedRegex(@"^requests:   \d+ completed by 8 clients, 0 wrong replies")]
    private static partial Regex NoWrongReplies();

    [GeneratedRegex(@"last op \d+, committed \d+, .*log digest [0-9a-f]{16}")]
    private static partial Regex LogOf();
}
