using BpfSharp.Testing;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Electrode.Cli.Tests.EndToEnd;

/// <summary>The built <c>electrode</c> command as separate processes on 127.0.0.1.</summary>
public sealed partial class LoopbackClusterProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string directory = Directory.CreateTempSubdirectory("electrode-e2e-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("echo", 1)]
    [InlineData("kv", 8)]
    public void ClientCompletes200RequestsOnThreeReplicaProcessesAndReplicasStopCleanlyOnSigterm(string app, int batch)
    {
        var ports = LoopbackPorts.Free(3);
        string cluster = WriteCluster(ports);
        string csv = Path.Combine(directory, "latencies.csv");
        var replicas = new List<ElectrodeProcess>();
        try
        {
            for (int i = 0; i < 3; i++)
                replicas.Add(ElectrodeProcess.Start("replica", "-c", cluster, "-i", $"{i}", "--app", app, "--batch", $"{batch}",
                    "--data-dir", Path.Combine(directory, $"replica-{i}")));
            for (int i = 0; i < 3; i++)
                Assert.Equal($"replica {i} of 3 listening on 127.0.0.1:{ports[i]} (app {app}, batch {batch}, fast path none; first start; data {Path.Combine(directory, $"replica-{i}")})",
                    replicas[i].WaitForLine($"replica {i} of 3 listening", Patience));

            using var client = ElectrodeProcess.Start("client", "-c", cluster, "-n", "200", "-t", "2", "--app", app, "--csv", csv, "--bind", "127.0.0.1");
            Assert.True(client.WaitForExit(Patience), "the client did not finish");

            Assert.Equal(0, client.ExitCode);
            Assert.Empty(client.ErrorLines);
            // Resends are not zero by necessity: measured retry timeouts may fire early when the machine stalls a reply.
            Assert.Matches(RequestsLine(), client.WaitForLine("requests:", TimeSpan.Zero));
            Assert.Matches(ThroughputLine(), client.WaitForLine("throughput:", TimeSpan.Zero));
            var latency = LatencyLine().Match(client.WaitForLine("latency:", TimeSpan.Zero) ?? "");
            Assert.True(latency.Success, "no latency line");
            var percentiles = Enumerable.Range(1, 5).Select(g => long.Parse(latency.Groups[g].Value)).ToList();
            Assert.True(percentiles.SequenceEqual(percentiles.Order()) && percentiles[0] > 0, $"percentiles out of order: {latency.Value}");
            var rows = File.ReadAllLines(csv);
            Assert.Equal("client,request,latency_us", rows[0]);
            Assert.Equal(200, rows.Length - 1);

            foreach (var replica in replicas)
                replica.Terminate();
            for (int i = 0; i < 3; i++)
            {
                Assert.True(replicas[i].WaitForExit(Patience), $"replica {i} ignored SIGTERM");
                Assert.Equal(0, replicas[i].ExitCode);
                Assert.Empty(replicas[i].ErrorLines);
                Assert.StartsWith($"replica {i} stopped: view 0, last op 200,", replicas[i].WaitForLine($"replica {i} stopped:", TimeSpan.Zero));
            }
            Assert.StartsWith("replica 0 stopped: view 0, last op 200, committed 200, malformed datagrams 0", replicas[0].WaitForLine("replica 0 stopped:", TimeSpan.Zero));
        }
        finally
        {
            replicas.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public void ReplicaWhosePortIsTakenSaysSoInOneLineAndExits1()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        string cluster = WriteCluster([port]);

        using var replica = ElectrodeProcess.Start("replica", "-c", cluster, "-i", "0", "--data-dir", Path.Combine(directory, "replica-0"));

        Assert.True(replica.WaitForExit(Patience), "the replica started although its port is taken");
        Assert.Equal(1, replica.ExitCode);
        Assert.Equal([$"electrode replica: cannot bind replica 0 to 127.0.0.1:{port}: Address already in use"], replica.ErrorLines);
    }

    [Fact]
    public void SecondProcessForTheSameReplica_IsRefusedInOneLineBeforeItTouchesTheNetwork()
    {
        var ports = LoopbackPorts.Free(3);
        string cluster = WriteCluster(ports);
        string data = Path.Combine(directory, "replica-0");
        using var first = ElectrodeProcess.Start("replica", "-c", cluster, "-i", "0", "--data-dir", data);
        Assert.NotNull(first.WaitForLine("replica 0 of 3 listening", Patience));

        using var second = ElectrodeProcess.Start("replica", "-c", cluster, "-i", "0", "--data-dir", data);

        Assert.True(second.WaitForExit(Patience), "a second process started as the same replica");
        Assert.Equal(1, second.ExitCode);
        var error = Assert.Single(second.ErrorLines);
        Assert.StartsWith($"electrode replica: another process is running as replica 0 with data directory {data}", error);
    }

    [Fact]
    public void RestartedReplica_SaysItIsRecovering()
    {
        string cluster = WriteCluster(LoopbackPorts.Free(3));
        string data = Path.Combine(directory, "replica-1");
        using (var first = ElectrodeProcess.Start("replica", "-c", cluster, "-i", "1", "--data-dir", data))
        {
            Assert.EndsWith("first start; data " + data + ")", first.WaitForLine("replica 1 of 3 listening", Patience));
            first.Crash();
        }

        using var again = ElectrodeProcess.Start("replica", "-c", cluster, "-i", "1", "--data-dir", data);

        Assert.EndsWith("restart 1, recovering; data " + data + ")", again.WaitForLine("replica 1 of 3 listening", Patience));
    }

    [Fact]
    public void Sigusr1_PrintsTheReplicaStatusWithItsLogDigest_AndTheReplicaGoesOn()
    {
        string cluster = WriteCluster(LoopbackPorts.Free(3));
        using var replica = ElectrodeProcess.Start("replica", "-c", cluster, "-i", "0", "--data-dir", Path.Combine(directory, "replica-0"));
        Assert.NotNull(replica.WaitForLine("replica 0 of 3 listening", Patience));

        replica.RequestStatus();

        Assert.Matches(@"^replica 0 status: normal leader, view 0, last op 0, committed 0, .*, log digest [0-9a-f]{16}, conflicting prepares 0$",
            replica.WaitForLine("replica 0 status:", Patience));
        replica.Terminate();
        Assert.True(replica.WaitForExit(Patience));
        Assert.Equal(0, replica.ExitCode);
    }

    private string WriteCluster(IReadOnlyList<int> ports)
    {
        string path = Path.Combine(directory, "cluster.txt");
        File.WriteAllLines(path, [$"f {(ports.Count - 1) / 2}", .. ports.Select(p => $"replica 127.0.0.1:{p}")]);
        return path;
    }

    [GeneratedRegex(@"^requests:   200 completed by 2 clients, 0 wrong replies, \d+ resends$")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^throughput: [1-9]\d* ops/s$")]
    private static partial Regex ThroughputLine();

    [GeneratedRegex(@"^latency:    p50 (\d+) us, p90 (\d+) us, p99 (\d+) us, p99\.9 (\d+) us, max (\d+) us, mean \d+ us$")]
    private static partial Regex LatencyLine();
}
