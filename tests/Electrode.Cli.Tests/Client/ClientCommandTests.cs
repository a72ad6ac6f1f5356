using Electrode.Cli.Apps;

namespace Electrode.Cli.Tests.Client;

public sealed class ClientCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("electrode-client-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(AppChoice.Echo)]
    [InlineData(AppChoice.KeyValue)]
    public void WarmedUpLoadAnnouncesMeasurementThenReportsExactlyTheMeasuredRequests(string app)
    {
        using var replicas = new InProcessReplicas(3, app, directory);
        string csv = Path.Combine(directory, "latencies.csv");

        var (code, output, error) = Run("client", "-c", replicas.ClusterFile, "-n", "60", "-t", "3", "--warmup", "0.2",
            "--app", app, "--csv", csv, "--bind", "127.0.0.1", "--deadline", "60");

        Assert.Equal((CommandLine.Ok, ""), (code, error));
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("warm-up done, measuring", lines[0]);
        // Resends are not zero by necessity: measured retry timeouts may fire early when the machine stalls a reply.
        Assert.Matches(@"^requests:   60 completed by 3 clients, 0 wrong replies, \d+ resends$", lines[1]);
        var rows = File.ReadAllLines(csv).Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Equal(60, rows.Count);
        Assert.Equal([20, 20, 20], rows.GroupBy(r => r[0]).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.All(rows.GroupBy(r => r[0]), g => Assert.Equal(g.Select(r => long.Parse(r[1])).Order(), g.Select(r => long.Parse(r[1]))));
    }

    [Fact]
    public void ClientOfTheWrongApplicationCountsWrongRepliesAndExits1()
    {
        using var replicas = new InProcessReplicas(3, AppChoice.Echo, directory);

        var (code, output, error) = Run("client", "-c", replicas.ClusterFile, "-n", "10", "--app", AppChoice.KeyValue,
            "--bind", "127.0.0.1", "--deadline", "60");

        Assert.Equal(CommandLine.Failed, code);
        Assert.StartsWith("requests:   10 completed by 1 clients, 10 wrong replies", output);
        Assert.Equal("electrode client: 10 of 10 replies were wrong (is --app the replicas' application?)" + Environment.NewLine, error);
    }

    [Fact]
    public void SharedKeyLoadWithHistory_RecordsEveryRequestAndFindsItLinearizable()
    {
        using var replicas = new InProcessReplicas(3, AppChoice.KeyValue, directory);
        string history = Path.Combine(directory, "history.jsonl");

        var (code, output, error) = Run("client", "-c", replicas.ClusterFile, "-n", "300", "-t", "4", "--app", AppChoice.KeyValue,
            "--shared-keys", "3", "--history", history, "--bind", "127.0.0.1", "--deadline", "60");

        Assert.Equal((CommandLine.Ok, ""), (code, error));
        Assert.Equal(300, File.ReadAllLines(history).Length);
        Assert.Contains("history:    linearizable: 300 operations on 3 keys", output);
    }

    [Fact]
    public void HistoryOfAnotherApplication_IsBadUsage()
    {
        string cluster = Path.Combine(directory, "cluster.txt");
        File.WriteAllText(cluster, "replica 127.0.0.1:7001\n");

        var (code, _, error) = Run("client", "-c", cluster, "-n", "10", "--history", "h.jsonl");

        Assert.Equal(CommandLine.BadUsage, code);
        Assert.Equal("electrode client: options --shared-keys and --history need --app kv" + Environment.NewLine, error);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
