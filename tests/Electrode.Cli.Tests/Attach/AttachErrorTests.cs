using BpfSharp.Testing;

namespace Electrode.Cli.Tests.Attach;

/// <summary>Every way attach cannot proceed is one line on standard error with the exit code the README gives, and leaves nothing behind.</summary>
public sealed class AttachErrorTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("electrode-attach-errors-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [KernelFact]
    public void Each_error_is_one_line_with_its_exit_code_and_attaches_nothing()
    {
        using var network = ReplicaNetwork.Create(replicas: 2);
        string ns = network.Namespace(0);
        string cluster = network.WriteClusterFile(scratch, 2, withMac: 1);
        string noMac = Path.Combine(scratch, "no-mac.txt");
        File.WriteAllLines(noMac, [$"replica {network.Address(0)}:7001", $"replica {network.Address(1)}:7001"]);
        string bad = Path.Combine(scratch, "bad.txt");
        File.WriteAllLines(bad, [$"replica {network.Address(0)}:7001", "replica 10.0.0.300:7001"]);
        string loopback = Path.Combine(scratch, "loopback.txt");
        File.WriteAllLines(loopback, ["replica 127.0.0.1:7001 00:00:00:00:00:00"]);

        AssertOneLine(2, "electrode attach: No network interface named 'nosuch0' in this network namespace",
            ReplicaNetwork.Electrode(ns, "attach", "nosuch0", "-c", cluster, "-i", "0"));
        AssertOneLine(2, $"electrode attach: {bad}:2: '10.0.0.300' is not an IPv4 address",
            ReplicaNetwork.Electrode(ns, "attach", "eth0", "-c", bad, "-i", "0"));
        AssertOneLine(2, $"electrode attach: no BPF object at {scratch}/none.bpf.o: build it with `dotnet build",
            ReplicaNetwork.Electrode(ns, "attach", "eth0", "-c", cluster, "-i", "0", "--object", Path.Combine(scratch, "none.bpf.o")));
        AssertOneLine(1, $"electrode attach: replica 1 ({network.Address(1)}:7001) has no MAC in {noMac}",
            ReplicaNetwork.Electrode(ns, "attach", "eth0", "-c", noMac, "-i", "0"));
        AssertOneLine(1, "electrode attach: the driver of lo cannot run XDP programs in native mode (no driver support): use --xdp-mode generic",
            ReplicaNetwork.Electrode(ns, "attach", "lo", "-c", loopback, "-i", "0", "--xdp-mode", "native"));
        AssertOneLine(2, "electrode attach: option --fast-paths takes all, none or a list of broadcast, prune, reply separated by commas, not 'fast'",
            ReplicaNetwork.Electrode(ns, "attach", "eth0", "-c", cluster, "-i", "0", "--fast-paths", "fast"));
        AssertOneLine(1, "electrode detach: nothing is attached to eth0 in this network namespace",
            ReplicaNetwork.Electrode(ns, "detach", "eth0"));

        Assert.Equal(0u, network.XdpProgram(0).Id);
        Assert.False(network.HasClsact(0));
        Assert.False(Directory.Exists(Path.GetDirectoryName(network.PinDirectory(0))));
    }

    [KernelFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Without_root_attach_says_to_run_as_root_and_exits_1()
    {
        using var network = ReplicaNetwork.Create(replicas: 1);
        string cluster = network.WriteClusterFile(scratch, 1, withMac: 0);
        var start = new System.Diagnostics.ProcessStartInfo("ip");
        foreach (var argument in (string[])["netns", "exec", network.Namespace(0), "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                     EndToEnd.ElectrodeProcess.Executable, "attach", "eth0", "-c", cluster, "-i", "0"])
            start.ArgumentList.Add(argument);
        File.SetUnixFileMode(scratch, File.GetUnixFileMode(scratch) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(cluster, File.GetUnixFileMode(cluster) | UnixFileMode.OtherRead);

        var result = ExternalCommand.TryRun(start, TimeSpan.FromSeconds(90));

        AssertOneLine(1, "electrode attach: Loading XDP/TC programs (this process lacks CAP_BPF and CAP_NET_ADMIN) failed: EPERM", result);
        Assert.Contains("Run as root", result.Error);
        Assert.Equal(0u, network.XdpProgram(0).Id);
    }

    private static void AssertOneLine(int exitCode, string start, (int ExitCode, string Output, string Error) result)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}, expected {exitCode}: {result.Error}{result.Output}");
        Assert.Equal("", result.Output);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(start, line);
    }
}
