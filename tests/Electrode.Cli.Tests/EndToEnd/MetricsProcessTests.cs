using System.Globalization;
using System.Text.RegularExpressions;
using BpfSharp.Testing;

namespace Electrode.Cli.Tests.EndToEnd;

/// <summary><c>electrode replica --metrics</c>: Prometheus text scraped over loopback from a replica under load.</summary>
public sealed partial class MetricsProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string directory = Directory.CreateTempSubdirectory("electrode-metrics-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task LeaderServesPrometheusMetrics_CommittedOpsCountTheClientsRequests()
    {
        var ports = LoopbackPorts.Free(4);
        int metricsPort = ports[3];
        string cluster = Path.Combine(directory, "cluster.txt");
        File.WriteAllLines(cluster, ports.Take(3).Select(p => $"replica 127.0.0.1:{p}"));
        var replicas = new List<ElectrodeProcess>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                string[] metrics = i == 0 ? ["--metrics", $"127.0.0.1:{metricsPort}"] : [];
                replicas.Add(ElectrodeProcess.Start(["replica", "-c", cluster, "-i", $"{i}", "--data-dir", Path.Combine(directory, $"replica-{i}"), .. metrics]));
            }
            for (int i = 0; i < 3; i++)
                Assert.NotNull(replicas[i].WaitForLine($"replica {i} of 3 listening", Patience));
            using (var client = ElectrodeProcess.Start("client", "-c", cluster, "-n", "300", "-t", "2", "--bind", "127.0.0.1"))
            {
                Assert.True(client.WaitForExit(Patience), "the client did not finish");
                Assert.Equal(0, client.ExitCode);
            }

            using var http = new HttpClient { Timeout = Patience };
            string text = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");

            Assert.True(Value(text, "electrode_ops_committed_total") >= 300, text);
            Assert.Equal(0, Value(text, "electrode_view_changes_total"));
            Assert.Equal(0, Value(text, "electrode_state_transfers_total"));
            Assert.Equal(0, Value(text, "electrode_malformed_datagrams_total"));
            Assert.True(Value(text, "electrode_resends_total") >= 0, text);
            Assert.Equal(1, Value(text, "electrode_is_leader"));
            Assert.Contains("# TYPE electrode_ops_committed_total counter", text);
            Assert.DoesNotContain("electrode_fast_path_packets_total{", text);
        }
        finally
        {
            foreach (var replica in replicas) replica.Dispose();
        }
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
