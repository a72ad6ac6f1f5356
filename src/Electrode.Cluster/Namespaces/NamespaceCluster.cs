using System.Diagnostics;
using System.Globalization;
using BpfSharp.Loader;
using Electrode.Cluster.Peer;
using Electrode.Cluster.Processes;
using Electrode.Faults.Control;
using Electrode.Faults.Namespaces;

namespace Electrode.Cluster.Namespaces;

/// <summary>
/// A VR cluster on one machine: each replica and each client in a network namespace of its own, every namespace joined
/// to one bridge that lives in a namespace of its own, addressed in a random private 10.x.y.0/24 that exists only
/// inside these namespaces. With kernel fast paths the object is attached in each replica's namespace
/// (<c>ip netns exec &lt;ns&gt; electrode attach ...</c>), and in native mode with the fast reply the bridge-side veth ends run an XDP_PASS
/// program so that frames sent with <c>XDP_TX</c> arrive. Replicas and clients are processes started with
/// <c>ip netns exec</c>. Disposing it stops them and removes everything it made, newest first, by the exact names it
/// generated (<c>el&lt;6 hex&gt;-br</c>, <c>-r&lt;i&gt;</c>, <c>-c&lt;j&gt;</c>).
/// </summary>
public sealed class NamespaceCluster : IDisposable
{
    /// <summary>The interface every replica and client has inside its namespace.</summary>
    public const string NodeInterface = "el0";

    private const string Bridge = "br0";
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(15);

    private readonly ClusterSpec spec;
    private readonly string prefix;
    private readonly byte subnetHigh;
    private readonly byte subnetLow;
    private readonly List<(string What, Action Undo)> undo = [];
    private readonly List<ClusterProcess> processes = [];
    private readonly ClusterProcess?[] replicas;
    private bool disposed;

    private NamespaceCluster(ClusterSpec spec)
    {
        this.spec = spec;
        prefix = "el" + Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 3).ToLowerInvariant();
        subnetHigh = (byte)Random.Shared.Next(64, 250);
        subnetLow = (byte)Random.Shared.Next(0, 256);
        replicas = new ClusterProcess?[spec.Replicas];
        ClusterFile = Path.Combine(spec.WorkDirectory, "cluster.txt");
    }

    /// <summary>What this cluster was built from.</summary>
    public ClusterSpec Spec => spec;

    /// <summary>The namespace holding the bridge.</summary>
    public string BridgeNamespace => $"{prefix}-br";

    /// <summary>The cluster file every replica and client reads.</summary>
    public string ClusterFile { get; }

    /// <summary>The replicas' processes by index (null while one is down).</summary>
    public IReadOnlyList<ClusterProcess?> Replicas => replicas;

    /// <summary>Every namespace a replica or client lives in.</summary>
    public IEnumerable<string> NodeNamespaces =>
        Enumerable.Range(0, spec.Replicas).Select(ReplicaNamespace).Concat(Enumerable.Range(0, spec.ClientNamespaces).Select(ClientNamespace));

    /// <summary>Replica <paramref name="index"/>'s namespace.</summary>
    public string ReplicaNamespace(int index) => $"{prefix}-r{index}";

    /// <summary>Client namespace <paramref name="index"/>.</summary>
    public string ClientNamespace(int index) => $"{prefix}-c{index}";

    /// <summary>Replica <paramref name="index"/>'s address (inside its namespace only).</summary>
    public string ReplicaAddress(int index) => $"10.{subnetHigh}.{subnetLow}.{1 + index}";

    /// <summary>Client namespace <paramref name="index"/>'s address.</summary>
    public string ClientAddress(int index) => $"10.{subnetHigh}.{subnetLow}.{101 + index}";

    /// <summary>The replicas' addresses as the VR transport takes them (for clients run in-process on a namespace thread).</summary>
    public Electrode.Vr.Transport.ClusterConfiguration Configuration() =>
        new([.. Enumerable.Range(0, spec.Replicas).Select(i => new Electrode.Vr.Transport.ReplicaEndpoint(
            new Electrode.Vr.Transport.EndpointAddress((10u << 24) | ((uint)subnetHigh << 16) | ((uint)subnetLow << 8) | (uint)(1 + i), ClusterSpec.ReplicaPort)))]);

    /// <summary>
    /// Builds the namespaces, the bridge and the links, attaches the fast paths the spec asks for, and starts every
    /// replica, waiting until each listens. On failure everything made so far is removed before the exception leaves.
    /// </summary>
    /// <exception cref="ClusterException">Not root, a tool missing, a step failed, or a replica did not start.</exception>
    public static NamespaceCluster Create(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Replicas is < 1 or > 16)
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Replicas, "a cluster has 1 to 16 replicas");
        if (spec.ClientNamespaces is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(spec), spec.ClientNamespaces, "0 to 100 client namespaces");
        if (geteuid() != 0)
            throw new ClusterException("a namespace cluster must be built as root: it creates network namespaces, a bridge and veth pairs");
        var cluster = new NamespaceCluster(spec);
        try
        {
            cluster.BuildNetwork();
            cluster.WriteClusterFile();
            if (spec.FastPath.Mode == XdpMode.Native && spec.FastPath.SendsWithXdpTx)
                cluster.PrepareBridgePeers();
            if (spec.FastPath.UsesKernel)
                cluster.AttachFastPaths();
            for (int i = 0; i < spec.Replicas; i++)
                cluster.StartReplica(i);
            return cluster;
        }
        catch (Exception e) when (e is not ClusterException)
        {
            cluster.Dispose();
            throw new ClusterException($"building the cluster failed: {e.Message}", e);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private void BuildNetwork()
    {
        AddNamespace(BridgeNamespace);
        Tool("ip", "-n", BridgeNamespace, "link", "add", Bridge, "type", "bridge");
        Tool("ip", "-n", BridgeNamespace, "link", "set", Bridge, "up");
        NamespaceThread.Run(BridgeNamespace, TurnOffBridgeNetfilter);
        for (int i = 0; i < spec.Replicas; i++)
            AddNode(ReplicaNamespace(i), $"r{i}", ReplicaAddress(i), ReplicaMac(i));
        for (int j = 0; j < spec.ClientNamespaces; j++)
            AddNode(ClientNamespace(j), $"c{j}", ClientAddress(j), MacOf(1, j));
    }

    /// <summary>
    /// The bridge stands for a switch, which runs no firewall: where the kernel has bridge netfilter, it defaults to
    /// passing every bridged frame through the IPv4, IPv6 and ARP hooks too, a cost per hop that real networks do not add.
    /// Runs on a thread in the bridge namespace: <c>/proc/sys/net</c> shows the namespace of the thread that opens it.
    /// </summary>
    private static void TurnOffBridgeNetfilter()
    {
        foreach (string setting in BridgeNetfilterSettings)
        {
            if (File.Exists(setting))
                File.WriteAllText(setting, "0");
        }
    }

    /// <summary>The settings that make bridge netfilter call the IPv4, IPv6 and ARP hooks for bridged frames.</summary>
    public static readonly IReadOnlyList<string> BridgeNetfilterSettings =
        [.. new[] { "iptables", "ip6tables", "arptables" }.Select(family => $"/proc/sys/net/bridge/bridge-nf-call-{family}")];

    private void AddNamespace(string name)
    {
        Tool("ip", "netns", "add", name);
        undo.Add(($"namespace {name}", () => Tool("ip", "netns", "delete", name)));
        Tool("ip", "-n", name, "link", "set", "lo", "up");
    }

    /// <summary>A namespace with one veth whose other end, <paramref name="port"/>, is a port of the bridge.</summary>
    private void AddNode(string name, string port, string address, string mac)
    {
        AddNamespace(name);
        Tool("ip", "-n", BridgeNamespace, "link", "add", port, "type", "veth", "peer", "name", NodeInterface, "netns", name);
        Tool("ip", "-n", BridgeNamespace, "link", "set", port, "master", Bridge, "up");
        Tool("ip", "-n", name, "link", "set", NodeInterface, "address", mac);
        Tool("ip", "-n", name, "address", "add", $"{address}/24", "dev", NodeInterface);
        Tool("ip", "-n", name, "link", "set", NodeInterface, "up");
    }

    private string ReplicaMac(int index) => MacOf(0, index);

    private string MacOf(int kind, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"02:45:{subnetHigh:x2}:{subnetLow:x2}:{kind:x2}:{index:x2}");

    private void WriteClusterFile() =>
        File.WriteAllLines(ClusterFile,
        [
            $"f {(spec.Replicas - 1) / 2}",
            .. Enumerable.Range(0, spec.Replicas).Select(i => $"replica {ReplicaAddress(i)}:{ClusterSpec.ReplicaPort} {ReplicaMac(i)}"),
        ]);

    /// <summary>
    /// The bridge-side veth end of every replica runs XDP_PASS natively, so its peer's XDP_TX frames arrive; only when
    /// the fast reply runs, because native XDP on a veth costs every frame a conversion to an XDP buffer and back.
    /// </summary>
    private void PrepareBridgePeers()
    {
        var pass = PeerPassObject.Load();
        undo.Add(("the XDP_PASS object", pass.Dispose));
        for (int i = 0; i < spec.Replicas; i++)
        {
            string port = $"r{i}";
            var attachment = NamespaceThread.Run(BridgeNamespace, () => pass.Program.AttachXdp(port, XdpAttachMode.Native));
            undo.Add(($"XDP_PASS on {BridgeNamespace}/{port}", () => NamespaceThread.Run(BridgeNamespace, attachment.Dispose)));
        }
    }

    private void AttachFastPaths()
    {
        for (int i = 0; i < spec.Replicas; i++)
        {
            string ns = ReplicaNamespace(i);
            Tool("ip", "netns", "exec", ns, spec.Executable, "attach", NodeInterface, "-c", ClusterFile, "-i", $"{i}",
                "--fast-paths", spec.FastPath.Paths, "--xdp-mode", spec.FastPath.XdpModeName);
            undo.Add(($"the fast paths on {ns}/{NodeInterface}", () => Tool("ip", "netns", "exec", ns, spec.Executable, "detach", NodeInterface)));
        }
    }

    /// <summary>Replica <paramref name="index"/>'s command line after <c>electrode</c>.</summary>
    private List<string> ReplicaArguments(int index)
    {
        List<string> arguments =
        [
            "replica", "-c", ClusterFile, "-i", $"{index}", "--app", spec.App, "--batch", $"{spec.Batch}",
            "--data-dir", Path.Combine(spec.WorkDirectory, $"replica-{index}"),
            "--fast-path", spec.FastPath.UsesKernel ? "kernel" : "none",
        ];
        if (spec.FastPath.UsesKernel)
            arguments.AddRange(["--iface", NodeInterface, "--wakeups", spec.FastPath.Wakeups, "--follower-scheduling", spec.FastPath.Scheduling]);
        if (spec.MoreReplicaArguments is { } more)
            arguments.AddRange(more(index));
        return arguments;
    }

    /// <summary>
    /// Starts replica <paramref name="index"/> (again, after <see cref="CrashReplica"/>: the same command, so it comes
    /// back recovering) and waits until it listens.
    /// </summary>
    /// <exception cref="ClusterException">It is running, or did not say it listens within a minute.</exception>
    public ClusterProcess StartReplica(int index)
    {
        if (replicas[index] is { HasExited: false })
            throw new ClusterException($"replica {index} is already running");
        var replica = StartIn(ReplicaNamespace(index), ReplicaArguments(index), $"replica {index}");
        replicas[index] = replica;
        if (replica.WaitForLine($"replica {index} of {spec.Replicas} listening", StartPatience) is null)
            throw new ClusterException($"replica {index} did not start within {StartPatience.TotalSeconds} s: {replica.Errors}");
        return replica;
    }

    /// <summary>Kills replica <paramref name="index"/> with SIGKILL (its data directory stays, so a restart recovers).</summary>
    public void CrashReplica(int index)
    {
        var replica = replicas[index] ?? throw new ClusterException($"replica {index} is not running");
        replica.Crash();
        replicas[index] = null;
    }

    /// <summary>Starts <c>electrode &lt;arguments&gt;</c> in client namespace <paramref name="clientNamespace"/>.</summary>
    public ClusterProcess StartClient(int clientNamespace, IEnumerable<string> arguments, string? name = null) =>
        StartIn(ClientNamespace(clientNamespace), ["client", "-c", ClusterFile, .. arguments], name ?? $"client in {ClientNamespace(clientNamespace)}");

    /// <summary>
    /// Stops every running replica with SIGTERM and returns, by index, the line each printed when it stopped
    /// (<c>replica i stopped: ... log digest ...</c>), or null for a replica that was down or printed none.
    /// </summary>
    public IReadOnlyList<string?> StopReplicas()
    {
        var lines = new string?[spec.Replicas];
        for (int i = 0; i < spec.Replicas; i++)
        {
            if (replicas[i] is not { } replica)
                continue;
            replica.Stop(StopPatience);
            lines[i] = replica.WaitForLine($"replica {i} stopped:", TimeSpan.Zero);
            replicas[i] = null;
        }
        return lines;
    }

    /// <summary>
    /// Attaches the BpfSharp fault injector to the egress of every bridge port, so that every datagram to or from a
    /// replica port is dropped or duplicated as <paramref name="settings"/> say (change them at any time through the
    /// returned object). It is detached and its qdiscs removed when the cluster is disposed.
    /// </summary>
    public FaultInjectorObject AttachFaults(FaultSettings settings)
    {
        var injector = FaultInjectorObject.Load();
        undo.Add(("the fault injector object", injector.Dispose));
        injector.Configure(settings);
        foreach (string port in BridgePorts())
        {
            Tool("tc", "-n", BridgeNamespace, "qdisc", "add", "dev", port, "clsact");
            undo.Add(($"clsact on {BridgeNamespace}/{port}", () => Tool("tc", "-n", BridgeNamespace, "qdisc", "del", "dev", port, "clsact")));
            var attachment = NamespaceThread.Run(BridgeNamespace, () => injector.Program.AttachTc(port, TcDirection.Egress));
            undo.Add(($"the fault injector on {BridgeNamespace}/{port}", () => NamespaceThread.Run(BridgeNamespace, attachment.Dispose)));
        }
        return injector;
    }

    /// <summary>
    /// Delays every UDP datagram that a replica or client sends by a random time in the range of
    /// <paramref name="settings"/> (so that datagrams overtake each other), through an NFQUEUE rule in each node
    /// namespace's OUTPUT chain and one <see cref="Delay.PacketDelayer"/> per namespace. Removed on dispose.
    /// </summary>
    public IReadOnlyList<Delay.PacketDelayer> AddDelay(Delay.DelaySettings settings)
    {
        var delayers = new List<Delay.PacketDelayer>();
        foreach (string ns in NodeNamespaces)
        {
            var delayer = Delay.PacketDelayer.Start(ns, settings);
            undo.Add(($"the packet delayer of {ns}", delayer.Dispose));
            delayers.Add(delayer);
        }
        return delayers;
    }

    private IEnumerable<string> BridgePorts() =>
        Enumerable.Range(0, spec.Replicas).Select(i => $"r{i}").Concat(Enumerable.Range(0, spec.ClientNamespaces).Select(j => $"c{j}"));

    private ClusterProcess StartIn(string ns, IEnumerable<string> arguments, string name)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var start = new ProcessStartInfo("ip");
        foreach (string argument in (string[])["netns", "exec", ns, spec.Executable, .. arguments])
            start.ArgumentList.Add(argument);
        var started = ClusterProcess.Start(start, name);
        lock (processes) processes.Add(started);
        return started;
    }

    /// <summary>Stops every process it started, then removes what it made, newest first; every step is tried.</summary>
    /// <exception cref="ClusterException">Some steps failed (each named); the others were still done.</exception>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        var failures = new List<string>();
        List<ClusterProcess> started;
        lock (processes) started = [.. processes];
        foreach (var process in started)
        {
            try
            {
                process.Stop(StopPatience);
            }
            catch (Exception e) when (e is ClusterException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                failures.Add($"{process.Name}: {e.Message}");
            }
            process.Dispose();
        }
        for (int i = undo.Count - 1; i >= 0; i--)
        {
            try
            {
                undo[i].Undo();
            }
            catch (Exception e)
            {
                failures.Add($"{undo[i].What}: {e.Message}");
            }
        }
        if (failures.Count > 0)
            throw new ClusterException($"removing cluster {prefix} left something behind: {string.Join("; ", failures)}");
    }

    private static void Tool(string tool, params string[] arguments)
    {
        try
        {
            SystemTool.Run(tool, arguments);
        }
        catch (FaultInjectionException e)
        {
            throw new ClusterException(e.Message, e);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
