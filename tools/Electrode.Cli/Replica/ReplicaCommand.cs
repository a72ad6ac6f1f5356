using System.Runtime.InteropServices;
using Electrode.Cli.Apps;
using Electrode.Cli.Cluster;
using Electrode.Cli.Options;
using Electrode.Vr.FastPath;
using Electrode.Vr.Replica;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Cli.Replica;

/// <summary><c>electrode replica</c>: one VR replica on UDP until SIGINT or SIGTERM.</summary>
internal static class ReplicaCommand
{
    public const string Name = "replica";

    private static readonly OptionSpec Cluster = new(["-c", "--cluster"], "file", "cluster file (format below)");
    private static readonly OptionSpec Index = new(["-i", "--index"], "index", "this replica's line in the cluster file, from 0");
    private static readonly OptionSpec FastPath = new(["--fast-path"], "none|kernel", "kernel data plane (default none)");
    private static readonly OptionSpec Batch = new(["--batch"], "count", "most requests per Prepare (default 1: no batching)");
    private static readonly OptionSpec App = new(["--app"], "echo|kv", "replicated application (default echo)");
    private static readonly OptionSpec[] Specs = [Cluster, Index, FastPath, Batch, App];

    public static string Help =>
        $"""
        usage: electrode {Name} -c <file> -i <index> [--fast-path none|kernel] [--batch <count>] [--app echo|kv]
        Runs replica <index> of the cluster on its UDP address until SIGINT or SIGTERM, then stops cleanly.
        Prints one line when it listens and one when it stops.
        {string.Join(Environment.NewLine, Specs.Select(s => s.HelpLine))}

        {ClusterFile.FormatHelp}
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = ParsedOptions.Parse(args, Specs);
        if (options.HelpRequested)
        {
            output.WriteLine(Help);
            return 0;
        }
        string clusterPath = options.Required(Cluster);
        int index = options.Integer(Index, 0, Vr.Transport.ClusterConfiguration.MaxReplicas - 1);
        string fastPath = options.Choice(FastPath, ["none", "kernel"], "none");
        int batch = options.Integer(Batch, 1, 65_536, fallback: 1);
        string app = options.Choice(App, AppChoice.Names, AppChoice.Echo);
        var configuration = ClusterFile.Load(clusterPath);
        if (index >= configuration.Count)
            throw new UsageException($"option --index {index} is not a replica of {clusterPath}, which lists replicas 0 to {configuration.Count - 1}");
        if (fastPath == "kernel")
            throw new UsageException("--fast-path kernel is not implemented in this build yet; run with --fast-path none");

        using var transport = new UdpTransport(configuration);
        transport.CallbackFailed += e => error.WriteLine($"electrode {Name} {index}: a handler failed: {e.GetType().Name}: {e.Message}");
        using var replica = new VrReplica(transport, index, AppChoice.CreateApp(app), new ReplicaOptions { BatchSize = batch }, new NoFastPath());
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);

        output.WriteLine($"replica {index} of {configuration.Count} listening on {configuration.Replicas[index].Address} (app {app}, batch {batch}, fast path {fastPath})");
        output.Flush();
        transport.Run();

        output.WriteLine($"replica {index} stopped: view {replica.View}, last op {replica.LastOp}, committed {replica.LastCommitted}, " +
                         $"malformed datagrams {transport.Counters.MalformedDatagrams}, messages too large to send {transport.Counters.MessagesTooLarge}");
        return 0;

        void StopOnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            transport.Post(transport.Stop);
        }
    }
}
