using System.Globalization;
using System.Text.RegularExpressions;
using BpfSharp.Testing;

namespace Electrode.Cli.Tests.EndToEnd;

/// <summary><c>electrode replica --metrics</c>: Prometheus text scraped over loopback from replicas that served a load.</summary>
public sealed partial class MetricsProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string directory = Directory.CreateTempSubdirectory("electrode-metrics-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task EveryReplicaServesPrometheusMetrics_TheLeadersCommittedOpsCountTheClientsRequests()
    {
        var ports = LoopbackPorts.Free(6);
        string cluster = Path.Combine(directory, "cluster.txt");
        File.WriteAllLines(cluster, ports.Take(3).Select(p => $"replica 127.0.0.1:{p}"));
        var replicas = new List<ElectrodeProcess>();
        try
        {
            for (int i = 0; i < 3; i++)
                replicas.Add(ElectrodeProcess.Start("replica", "-c", cluster, "-i", $"{i}", "--data-dir", Path.Combine(directory, $"replica-{i}"),
                    "--metrics", $"127.0.0.1:{ports[3 + i]}"));
            for (int i = 0; i < 3; i++)
                Assert.NotNull(replicas[i].WaitForLine($"replica {i} of 3 listening", Patience));
            using (var client = ElectrodeProcess.Start("client", "-c", cluster, "-n", "300", "-t", "2", "--bind", "127.0.0.1"))
            {
                Assert.True(client.WaitForExit(Patience), "the client did not finish");
                Assert.Equal(0, client.ExitCode);
            }

            using var http = new HttpClient { Timeout = Patience };
            // On a busy machine a follower may time out and change the view before or after the load: scrape until the
            // idle cluster shows one leader and one view.
            var deadline = DateTime.UtcNow + Patience;
            string[] texts;
            do
            {
                texts = await Task.WhenAll(ports.Skip(3).Select(p => http.GetStringAsync($"http://127.0.0.1:{p}/metrics")));
            }
            while ((texts.Count(t => Value(t, "electrode_is_leader") == 1) != 1 || texts.Select(t => Value(t, "electrode_view")).Distinct().Count() != 1)
                   && DateTime.UtcNow < deadline && await Delay());

            string leader = Assert.Single(texts, t => Value(t, "electrode_is_leader") == 1);
            Assert.True(Value(leader, "electrode_ops_committed_total") >= 300, leader);
            Assert.True(Value(leader, "electrode_last_op") >= Value(leader, "electrode_ops_committed_total"), leader);
            Assert.Contains("# TYPE electrode_ops_committed_total counter", leader);
            foreach (string text in texts)
            {
                Assert.True(Value(text, "electrode_view_changes_total") >= (Value(text, "electrode_view") > 0 ? 1 : 0), text);
                Assert.Equal(0, Value(text, "electrode_malformed_datagrams_total"));
                Assert.True(Value(text, "electrode_state_transfers_total") >= 0 && Value(text, "electrode_resends_total") >= 0, text);
                Assert.DoesNotContain("electrode_fast_path_packets_total{", text);
            }
        }
        finally
        {
            foreach (var replica in replicas) replica.Dispose();
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    [Fact]
    public void AMetricsValueThatIsNotAnAddressAndPortIsRefused()
    {
        using var replica = ElectrodeProcess.Start("replica", "-c", "/nonexistent", "-i", "0", "--metrics", "localhost");
        Assert.True(replica.WaitForExit(Patience));
        Assert.Equal(2, replica.ExitCode);
        Assert.Contains("option --metrics takes an IPv4 address and a port, a.b.c.d:port, not 'localhost'", string.Join(" ", replica.ErrorLines));
    }

    /// <summary>The value of an unlabelled sample named <paramref name="name"/>.</summary>
    private static double Value(string text, string name)
    {
        var match = Regex.Match(text, $@"^{Regex.Escape(name)} (\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no sample {name} in:{Environment.NewLine}{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
