using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BpfSharp.Testing;

namespace Electrode.Cli.Tests.Attach;

/// <summary>
/// Replicas in network namespaces of their own on one bridge: namespace <c>eat-&lt;unique&gt;-r&lt;i&gt;</c> holds
/// interface <c>eth0</c> (the same name in every namespace) with address 10.214.&lt;random&gt;.&lt;i + 1&gt;/24, whose veth
/// peer is a port of a bridge in namespace <c>eat-&lt;unique&gt;-sw</c>. Disposing deletes exactly these namespaces, and
/// with them their interfaces, qdiscs and XDP programs.
/// </summary>
internal sealed class ReplicaNetwork : IDisposable
{
    public const string Interface = "eth0";
    public const ushort Port = 7001;

    private static readonly TimeSpan CommandTimeLimit = TimeSpan.FromSeconds(90);

    private readonly List<string> created = [];

    private ReplicaNetwork(string stem, int subnet)
    {
        Stem = stem;
        Subnet = subnet;
    }

    /// <summary>The unique part of every name.</summary>
    public string Stem { get; }

    /// <summary>The third byte of the replicas' addresses.</summary>
    public int Subnet { get; }

    /// <summary>The namespace of the bridge.</summary>
    public string Switch => $"eat-{Stem}-sw";

    /// <summary>The namespace of replica <paramref name="index"/>.</summary>
    public string Namespace(int index) => $"eat-{Stem}-r{index}";

    /// <summary>The address of replica <paramref name="index"/>.</summary>
    public string Address(int index) => $"10.214.{Subnet}.{index + 1}";

    /// <summary>The MAC of replica <paramref name="index"/>'s eth0.</summary>
    public string Mac(int index)
    {
        using var json = JsonDocument.Parse(ExternalCommand.Run("ip", "-n", Namespace(index), "-j", "link", "show", Interface));
        return json.RootElement[0].GetProperty("address").GetString()!;
    }

    public static ReplicaNetwork Create(int replicas)
    {
        var network = new ReplicaNetwork(Guid.NewGuid().ToString("N")[..8], Random.Shared.Next(1, 255));
        try
        {
            network.AddNamespace(network.Switch);
            network.Ip(network.Switch, "link", "add", "br0", "type", "bridge");
            network.Ip(network.Switch, "link", "set", "br0", "up");
            for (int i = 0; i < replicas; i++)
            {
                string ns = network.AddNamespace(network.Namespace(i));
                string end = $"e{network.Stem}{i}";
                ExternalCommand.Run("ip", "link", "add", end, "netns", ns, "type", "veth", "peer", "name", $"p{i}", "netns", network.Switch);
                network.Ip(ns, "link", "set", end, "name", Interface);
                network.Ip(ns, "address", "add", $"{network.Address(i)}/24", "dev", Interface);
                network.Ip(ns, "link", "set", Interface, "up");
                network.Ip(network.Switch, "link", "set", $"p{i}", "master", "br0");
                network.Ip(network.Switch, "link", "set", $"p{i}", "up");
            }
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return network;
    }

    private string AddNamespace(string name)
    {
        ExternalCommand.Run("ip", "netns", "add", name);
        created.Add(name);
        Ip(name, "link", "set", "lo", "up");
        return name;
    }

    /// <summary>Runs <c>ip -n &lt;ns&gt; ...</c>.</summary>
    public string Ip(string ns, params string[] arguments) => ExternalCommand.Run("ip", ["-n", ns, .. arguments]);

    /// <summary>Tells replica <paramref name="index"/>'s namespace the MAC of replica <paramref name="other"/>, as ARP would.</summary>
    public void AddNeighbour(int index, int other) =>
        Ip(Namespace(index), "neigh", "replace", Address(other), "lladdr", Mac(other), "dev", Interface, "nud", "permanent");

    /// <summary>Writes a cluster file of every replica, with the MACs of the replicas in <paramref name="withMac"/> only.</summary>
    public string WriteClusterFile(string directory, int replicas, params int[] withMac)
    {
        string path = Path.Combine(directory, "cluster.txt");
        File.WriteAllLines(path, Enumerable.Range(0, replicas)
            .Select(i => $"replica {Address(i)}:{Port}" + (withMac.Contains(i) ? " " + Mac(i) : "")));
        return path;
    }

    /// <summary>Runs <c>ip netns exec &lt;ns&gt; electrode ...</c>, one process per command as a user would.</summary>
    public static (int ExitCode, string Output, string Error) Electrode(string ns, params string[] arguments)
    {
        var start = new ProcessStartInfo("ip");
        foreach (var argument in (string[])["netns", "exec", ns, EndToEnd.ElectrodeProcess.Executable, .. arguments])
            start.ArgumentList.Add(argument);
        return ExternalCommand.TryRun(start, CommandTimeLimit);
    }

    /// <summary>The id of the XDP program on replica <paramref name="index"/>'s eth0 and its mode ("native" or "generic"), as netlink reports it.</summary>
    public (uint Id, string? Mode) XdpProgram(int index) => XdpProgramOf(Namespace(index), Interface);

    /// <summary>The XDP program of <paramref name="device"/> in <paramref name="ns"/>.</summary>
    public (uint Id, string? Mode) XdpProgramOf(string ns, string device)
    {
        using var json = JsonDocument.Parse(Ip(ns, "-d", "-j", "link", "show", device));
        if (!json.RootElement[0].TryGetProperty("xdp", out var xdp))
            return (0, null);
        uint id = xdp.TryGetProperty("prog", out var prog) ? prog.GetProperty("id").GetUInt32() : 0;
        string? mode = xdp.GetProperty("mode").GetInt32() switch { 1 => "native", 2 => "generic", var m => m.ToString(CultureInfo.InvariantCulture) };
        return (id, mode);
    }

    /// <summary>Whether replica <paramref name="index"/>'s eth0 has a clsact qdisc.</summary>
    public bool HasClsact(int index) =>
        ExternalCommand.Run("tc", "-n", Namespace(index), "qdisc", "show", "dev", Interface).Contains("clsact", StringComparison.Ordinal);

    /// <summary>Where attach pins replica <paramref name="index"/>'s eth0, seen from this (the initial) mount namespace.</summary>
    public string PinDirectory(int index) => $"/sys/fs/bpf/electrode/netns:{Namespace(index)}/{Interface}";

    public void Dispose()
    {
        foreach (var ns in Enumerable.Reverse(created))
        {
            ExternalCommand.TryRun("ip", "netns", "delete", ns);
            // Pins outlive the namespace; a test that failed half-way must not leave them behind.
            string pins = $"/sys/fs/bpf/electrode/netns:{ns}";
            if (Directory.Exists(pins))
                Directory.Delete(pins, recursive: true);
        }
        try
        {
            if (Directory.Exists("/sys/fs/bpf/electrode") && !Directory.EnumerateFileSystemEntries("/sys/fs/bpf/electrode").Any())
                Directory.Delete("/sys/fs/bpf/electrode");
        }
        catch (IOException)
        {
            // another test's attach is using it
        }
    }
}
