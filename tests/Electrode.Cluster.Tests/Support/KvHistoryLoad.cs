using System.Text.RegularExpressions;
using Electrode.Cluster.Processes;

namespace Electrode.Cluster.Tests.Support;

/// <summary>
/// The failure tests' load: one <c>electrode client</c> process with 8 clients putting and getting on 16 shared keys,
/// recording its history, bounded by a deadline; it runs until told to finish.
/// </summary>
internal sealed partial class KvHistoryLoad : IDisposable
{
    public const int Clients = 8;
    public const int Keys = 16;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ClusterProcess client;

    public KvHistoryLoad(TestCluster test)
    {
        HistoryPath = Path.Combine(test.Directory, "history.jsonl");
        client = test.Cluster.StartClient(0,
        [
            "-n", "100000000", "-t", $"{Clients}", "--app", "kv", "--shared-keys", $"{Keys}", "--history", HistoryPath,
            "--deadline", "120", "--bind", test.Cluster.ClientAddress(0),
        ]);
    }

    public string HistoryPath { get; }

    /// <summary>Waits until the history holds <paramref name="more"/> operations more than now.</summary>
    public void WaitForMoreOperations(int more)
    {
        int target = Operations() + more;
        var deadline = DateTime.UtcNow + Patience;
        while (Operations() < target)
        {
            Assert.False(client.HasExited, $"the client ended early (exit {(client.HasExited ? client.ExitCode : 0)}): {client.Errors}");
            Assert.True(DateTime.UtcNow < deadline, $"the load did not reach {target} operations within {Patience.TotalSeconds} s: {client.Errors}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Stops the load (SIGTERM) and checks the client's own verdict: no wrong reply, a linearizable history.</summary>
    public void Finish()
    {
        client.Terminate();
        Assert.True(client.WaitForExit(Patience), "the client did not stop on SIGTERM");
        string summary = string.Join(Environment.NewLine, client.OutputLines);
        Assert.True(client.ExitCode == 0, $"client exit {client.ExitCode}: {client.Errors}{Environment.NewLine}{summary}");
        Assert.Matches(NoWrongReplies(), client.WaitForLine("requests:", TimeSpan.Zero) ?? summary);
        Assert.Matches(LinearizableLine(), client.WaitForLine("history:", TimeSpan.Zero) ?? summary);
    }

    private int Operations()
    {
        if (!File.Exists(HistoryPath)) return 0;
        using var stream = new FileStream(HistoryPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        int count = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
            if (b == '\n') count++;
        return count;
    }

    public void Dispose() => client.Dispose();

    [GeneratedRegex(@"^requests: +\d+ completed by 8 clients, 0 wrong replies")]
    private static partial Regex NoWrongReplies();

    [GeneratedRegex(@"^history:    linearizable: \d+ operations on 16 keys")]
    private static partial Regex LinearizableLine();
}
