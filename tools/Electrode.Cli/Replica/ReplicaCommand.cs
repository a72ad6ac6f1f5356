using System.Runtime.InteropServices;
using Electrode.Cli.Apps;
using Electrode.Cli.Cluster;
using Electrode.Cli.Options;
using Electrode.Vr.FastPath;
using Electrode.Vr.Replica;
using Electrode.Vr.Replica.Storage;
using Electrode.Vr.Timing;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Cli.Replica;

/// <summary>
/// <c>electrode replica</c>: one VR replica on UDP until SIGINT or SIGTERM. Its data directory tells whether it has
/// run before: only its very first start begins normal; every later start recovers its state from the others.
/// </summary>
internal static class ReplicaCommand
{
    public const string Name = "replica";

    /// <summary>How long a recovery may go unanswered before the replica tells the operator what that may mean.</summary>
    private static readonly TimeSpan RecoveryHintAfter = TimeSpan.FromSeconds(10);

    /// <summary>Retry timeouts towards peers: round trips on one network are short, a lost message should cost little.</summary>
    private static readonly RetryTimeouts PeerRetry =
        RetryTimeouts.Adaptive(initial: TimeSpan.FromMilliseconds(50), minimum: TimeSpan.FromMilliseconds(10), maximum: TimeSpan.FromSeconds(1));

    private static readonly PosixSignal StatusSignal = (PosixSignal)10; // SIGUSR1

    private static readonly OptionSpec Cluster = new(["-c", "--cluster"], "file", "cluster file (format below)");
    private static readonly OptionSpec Index = new(["-i", "--index"], "index", "this replica's line in the cluster file, from 0");
    private static readonly OptionSpec DataDir = new(["--data-dir"], "dir", "where this replica records its starts (default below)");
    private static readonly OptionSpec FastPath = new(["--fast-path"], "none|kernel", "kernel data plane (default none)");
    private static readonly OptionSpec Batch = new(["--batch"], "count", "most requests per Prepare (default 1: no batching)");
    private static readonly OptionSpec App = new(["--app"], "echo|kv", "replicated application (default echo)");
    private static readonly OptionSpec[] Specs = [Cluster, Index, DataDir, FastPath, Batch, App];

    public static string Help =>
        $"""
        usage: electrode {Name} -c <file> -i <index> [--data-dir <dir>] [--fast-path none|kernel] [--batch <count>] [--app echo|kv]
        Runs replica <index> of the cluster on its UDP address until SIGINT or SIGTERM, then stops cleanly.
        Prints one line when it listens, one when a restarted replica has recovered, one on SIGUSR1 (its status)
        and one when it stops; the status and stop lines carry a digest of the log, equal on replicas with equal logs.
        {string.Join(Environment.NewLine, Specs.Select(s => s.HelpLine))}

        The replica's log lives in memory. Its data directory (default /var/lib/electrode/cluster-<hash of the
        addresses>/replica-<index> for root) records that it has run: the first start of a replica begins normal,
        every later start recovers its state from the other replicas before answering anything, so restarting a
        replica is running the same command again. To start a new cluster, use a new cluster file or remove the
        data directories of all its replicas; never remove one replica's directory while its cluster runs.

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

        using var data = ReplicaDataDirectory.Open(options.Optional(DataDir) ?? ReplicaDataDirectory.DefaultPath(configuration, index), configuration, index);
        using var transport = new UdpTransport(configuration);
        transport.CallbackFailed += e => error.WriteLine($"electrode {Name} {index}: a handler failed: {e.GetType().Name}: {e.Message}");
        var replicaOptions = new ReplicaOptions { BatchSize = batch, PeerRetry = PeerRetry, NonceSource = data.NewRecoveryNonce };
        using var replica = new VrReplica(transport, index, AppChoice.CreateApp(app), replicaOptions, new NoFastPath(),
            recovering: !data.IsFirstStart);
        replica.Recovered += () =>
        {
            output.WriteLine($"replica {index} recovered: {ReplicaReport.State(replica, transport)}");
            output.Flush();
        };
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);
        using var onStatus = PosixSignalRegistration.Create(StatusSignal, PrintStatus);

        string start = data.IsFirstStart ? "first start" : $"restart {data.Incarnation - 1}, recovering";
        output.WriteLine($"replica {index} of {configuration.Count} listening on {configuration.Replicas[index].Address} " +
                         $"(app {app}, batch {batch}, fast path {fastPath}; {start}; data {data.Path})");
        output.Flush();
        if (!data.IsFirstStart)
            transport.Post(() => transport.StartTimer(RecoveryHintAfter, () =>
            {
                if (replica.Status == ReplicaStatus.Recovering)
                    error.WriteLine($"electrode {Name} {index}: still recovering after {RecoveryHintAfter.TotalSeconds} s: a recovering replica " +
                                    "needs a majority of its cluster running normally. If the whole cluster is being started afresh, " +
                                    $"remove every replica's data directory (this one: {data.Path}) or use a new cluster file");
            }));
        transport.Run();

        output.WriteLine($"replica {index} stopped: {ReplicaReport.State(replica, transport)}");
        return 0;

        void StopOnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            transport.Post(transport.Stop);
        }

        void PrintStatus(PosixSignalContext context)
        {
            context.Cancel = true;
            transport.Post(() =>
            {
                output.WriteLine($"replica {index} status: {ReplicaReport.Status(replica)}, {ReplicaReport.State(replica, transport)}");
                output.Flush();
            });
        }
    }
}
