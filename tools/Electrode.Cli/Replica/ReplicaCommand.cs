using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Electrode.Cli.Apps;
using Electrode.Cli.Cluster;
using Electrode.Cli.Metrics;
using Electrode.Cli.Options;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.FastPath.Kernel;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Replica;
using Electrode.Vr.Replica.Storage;
using Electrode.Vr.Timing;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Cli.Replica;

/// <summary>
/// <c>electrode replica</c>: one VR replica on UDP until SIGINT or SIGTERM. Its data directory tells whether it has
/// run before: only its very first start begins normal; every later start recovers its state from the others.
/// </summary>
internal sealed class ReplicaCommand : Command
{
    /// <summary>How long a recovery may go unanswered before the replica tells the operator what that may mean.</summary>
    private static readonly TimeSpan RecoveryHintAfter = TimeSpan.FromSeconds(10);

    /// <summary>Retry timeouts towards peers: round trips on one network are short, a lost message should cost little.</summary>
    private static readonly RetryTimeouts PeerRetry =
        RetryTimeouts.Adaptive(initial: TimeSpan.FromMilliseconds(50), minimum: TimeSpan.FromMilliseconds(5), maximum: TimeSpan.FromSeconds(1));

    private static readonly PosixSignal StatusSignal = (PosixSignal)10; // SIGUSR1

    private readonly Option<string> clusterOption = ClusterFile.CreateOption();

    private readonly Option<int> indexOption = ClusterFile.CreateIndexOption();

    private readonly Option<string> dataDirOption = new("--data-dir")
    {
        HelpName = "dir",
        Description = "where this replica records its starts (default below)",
    };

    private readonly Option<string> fastPathOption = new("--fast-path")
    {
        HelpName = "none|kernel",
        Description = "kernel data plane",
        DefaultValueFactory = _ => "none",
        CustomParser = OptionValues.OneOf(["none", "kernel"]),
    };

    private readonly Option<string> interfaceOption = new("--iface")
    {
        HelpName = "name",
        Description = "interface the kernel data plane is attached to (with --fast-path kernel; default: the one carrying the replica's address)",
    };

    private readonly Option<string> wakeupsOption = new("--wakeups")
    {
        HelpName = "batched|every-record",
        Description = "how the kernel data plane wakes the replica for answered Prepares (with --fast-path kernel): "
            + "batched polls the ring and wakes for a backlog; every-record wakes for each one that finds the replica idle",
        DefaultValueFactory = _ => "batched",
        CustomParser = OptionValues.OneOf(["batched", "every-record"]),
    };

    private readonly Option<string> schedulingOption = new("--follower-scheduling")
    {
        HelpName = "idle|normal",
        Description = "how the replica's loop is scheduled while the kernel answers Prepares for it as a follower (with --fast-path kernel "
            + "and the reply path): idle (SCHED_IDLE) lets every other thread of the machine, the leader's and the clients', run first, "
            + "since no client waits on that loop; normal schedules it as any thread",
        DefaultValueFactory = _ => "idle",
        CustomParser = OptionValues.OneOf(["idle", "normal"]),
    };

    private readonly Option<int> commitIntervalOption = new("--commit-interval")
    {
        HelpName = "ms",
        Description = "shortest time between two Commits the leader sends while busy (0: one per commit, as the reference)",
        DefaultValueFactory = _ => 20,
        CustomParser = OptionValues.WholeNumber(0, 1000),
    };

    private readonly Option<int> batchOption = new("--batch")
    {
        HelpName = "count",
        Description = "most requests per Prepare (1: no batching)",
        DefaultValueFactory = _ => 1,
        CustomParser = OptionValues.WholeNumber(1, 65_536),
    };

    private readonly Option<string> appOption = AppChoice.CreateOption("replicated application");

    private readonly Option<IPEndPoint> metricsOption = new("--metrics")
    {
        HelpName = "ipv4:port",
        Description = "serve Prometheus metrics at http://<ipv4:port>/metrics",
        CustomParser = OptionValues.Ipv4EndPoint,
    };

    /// <summary>How long a scrape waits for the replica's thread to read its counters.</summary>
    private static readonly TimeSpan SnapshotPatience = TimeSpan.FromSeconds(1);

    /// <summary>Printed after the options by <c>--help</c>.</summary>
    public const string Notes =
        $"""
        Runs replica <index> of the cluster on its UDP address until SIGINT or SIGTERM, then stops cleanly.
        Prints one line when it listens, one when a restarted replica has recovered, one on SIGUSR1 (its status)
        and one when it stops; the status and stop lines carry a digest of the log, equal on replicas with equal logs.

        The replica's log lives in memory. Its data directory (default /var/lib/electrode/cluster-<hash of the
        addresses>/replica-<index> for root) records that it has run: the first start of a replica begins normal,
        every later start recovers its state from the other replicas before answering anything, so restarting a
        replica is running the same command again. To start a new cluster, use a new cluster file or remove the
        data directories of all its replicas; never remove one replica's directory while its cluster runs.

        {ClusterFile.FormatHelp}

        Exits 0 when stopped by SIGINT or SIGTERM, 1 on a failure at run time (port in use, data directory in use or
        of another replica), 2 on bad usage or a bad cluster file.
        """;

    public ReplicaCommand()
        : base("replica", "run one VR replica on UDP until SIGINT/SIGTERM")
    {
        Options.Add(clusterOption);
        Options.Add(indexOption);
        Options.Add(dataDirOption);
        Options.Add(fastPathOption);
        Options.Add(interfaceOption);
        Options.Add(wakeupsOption);
        Options.Add(schedulingOption);
        Options.Add(commitIntervalOption);
        Options.Add(batchOption);
        Options.Add(appOption);
        Options.Add(metricsOption);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var output = parsed.InvocationConfiguration.Output;
        var error = parsed.InvocationConfiguration.Error;
        string clusterPath = parsed.GetRequiredValue(clusterOption);
        int index = parsed.GetValue(indexOption);
        string fastPath = parsed.GetRequiredValue(fastPathOption);
        int batch = parsed.GetValue(batchOption);
        string app = parsed.GetRequiredValue(appOption);
        var configuration = ClusterFile.Load(clusterPath);
        ClusterFile.CheckIndex(configuration, index, clusterPath);
        string? interfaceName = parsed.GetValue(interfaceOption);
        bool onKernel = fastPath == "kernel";

        using var data = ReplicaDataDirectory.Open(parsed.GetValue(dataDirOption) ?? ReplicaDataDirectory.DefaultPath(configuration, index), configuration, index);
        using var dataPlane = onKernel ? KernelDataPlane.Open(configuration, index, interfaceName) : null;
        using var kernelFastPath = dataPlane is null ? null : new KernelFastPath(dataPlane.Maps, dataPlane.Enabled,
            parsed.GetRequiredValue(wakeupsOption) == "every-record" ? HandOverWakeups.EveryRecord : HandOverWakeups.Batched,
            parsed.GetRequiredValue(schedulingOption) == "idle" ? FollowerScheduling.Idle : FollowerScheduling.Normal);
        using var transport = new UdpTransport(configuration, new UdpTransportOptions
        {
            WithoutUdpChecksums = onKernel,
            KernelBroadcast = dataPlane is not null && dataPlane.Enabled.HasFlag(FastPaths.Broadcast),
        });
        transport.CallbackFailed += e => error.WriteLine($"electrode {Name} {index}: a handler failed: {e.GetType().Name}: {e.Message}");
        var replicaOptions = new ReplicaOptions
        {
            BatchSize = batch,
            CommitAnnouncementInterval = TimeSpan.FromMilliseconds(parsed.GetValue(commitIntervalOption)),
            PeerRetry = PeerRetry,
            NonceSource = data.NewRecoveryNonce,
        };
        using var replica = new VrReplica(transport, index, AppChoice.CreateApp(app), replicaOptions,
            (IFastPath?)kernelFastPath ?? new NoFastPath(), recovering: !data.IsFirstStart);
        kernelFastPath?.WaitOn(transport);
        replica.Recovered += () =>
        {
            output.WriteLine($"replica {index} recovered: {ReplicaReport.State(replica, transport)}");
            output.Flush();
        };
        using var metrics = parsed.GetValue(metricsOption) is { } endpoint
            ? ServeMetrics(endpoint, replica, transport, kernelFastPath is null ? null : () => KernelDataPlane.Totals(kernelFastPath))
            : null;
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

    /// <summary>Starts the metrics server; each scrape reads the replica's counters on its transport thread.</summary>
    /// <exception cref="UsageException">The address cannot be listened on.</exception>
    private static ReplicaMetrics ServeMetrics(IPEndPoint endpoint, VrReplica replica, UdpTransport transport,
        Func<IReadOnlyDictionary<ElectrodeProgram, PathTotals>>? kernelPaths)
    {
        ReplicaSnapshot? Snapshot()
        {
            var taken = new TaskCompletionSource<ReplicaSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            transport.Post(() => taken.TrySetResult(new ReplicaSnapshot(replica.View, replica.LastOp, replica.LastCommitted,
                replica.Counters.ViewChangesStarted, replica.Counters.StateTransfersRequested, replica.Counters.Resends,
                transport.Counters.MalformedDatagrams, replica.IsLeader)));
            return taken.Task.Wait(SnapshotPatience) ? taken.Task.Result : null;
        }

        try
        {
            return new ReplicaMetrics(endpoint.Address.ToString(), endpoint.Port, Snapshot, kernelPaths);
        }
        catch (HttpListenerException e)
        {
            throw new UsageException($"option --metrics: cannot listen on {endpoint}: {e.Message}");
        }
    }
}
