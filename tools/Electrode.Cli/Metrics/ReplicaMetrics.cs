using System.Net;
using Electrode.Programs.Counting;
using Electrode.Vr.FastPath.ProgramMaps;
using Prometheus;

namespace Electrode.Cli.Metrics;

/// <summary>
/// Serves a replica's counters in the Prometheus text format at <c>http://&lt;address&gt;/metrics</c> (prometheus-net's
/// stand-alone server). Each scrape reads a fresh <see cref="ReplicaSnapshot"/> (taken on the replica's own thread) and,
/// when the replica runs on the kernel fast path, each program's <see cref="PathTotals"/>.
/// </summary>
internal sealed class ReplicaMetrics : IDisposable
{
    private static readonly (string Outcome, Func<PathTotals, ulong> Read)[] PathOutcomes =
    [
        ("seen", t => t.Seen), ("passed", t => t.Passed), ("dropped", t => t.Dropped),
        ("transmitted", t => t.Transmitted), ("fell_back", t => t.FellBack),
    ];

    private readonly MetricServer server;

    /// <summary>Starts serving.</summary>
    /// <param name="host">The address to listen on (an IPv4 address).</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="snapshot">Reads the replica's counters; null when the replica did not answer in time (the previous values stay).</param>
    /// <param name="kernelPaths">
    /// The kernel programs' counters summed over CPUs, or null when the replica runs without the kernel fast path.
    /// This is where the kernel data plane's <c>Counters</c> map is read: pass a function over its programs when the
    /// replica is started with <c>--fast-path kernel</c>.
    /// </param>
    /// <exception cref="HttpListenerException">The address cannot be listened on.</exception>
    public ReplicaMetrics(string host, int port, Func<ReplicaSnapshot?> snapshot, Func<IReadOnlyDictionary<ElectrodeProgram, PathTotals>>? kernelPaths)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var committed = factory.CreateCounter("electrode_ops_committed_total", "Operations this replica knows to be committed.");
        var viewChanges = factory.CreateCounter("electrode_view_changes_total", "View changes this replica started or joined.");
        var stateTransfers = factory.CreateCounter("electrode_state_transfers_total", "State transfers this replica requested.");
        var resends = factory.CreateCounter("electrode_resends_total", "Messages sent again after their retry timeout: Prepares, view-change, recovery, state-transfer.");
        var malformed = factory.CreateCounter("electrode_malformed_datagrams_total", "Datagrams dropped because they did not decode.");
        var view = factory.CreateGauge("electrode_view", "The replica's current view.");
        var lastOp = factory.CreateGauge("electrode_last_op", "The last op in the replica's log.");
        var leader = factory.CreateGauge("electrode_is_leader", "1 when the replica leads its view.");
        var paths = factory.CreateCounter("electrode_fast_path_packets_total", "Packets each kernel fast-path program handled, by outcome.",
            new CounterConfiguration { LabelNames = ["path", "outcome"] });
        registry.AddBeforeCollectCallback(() =>
        {
            if (snapshot() is { } s)
            {
                committed.IncTo(s.Committed);
                viewChanges.IncTo(s.ViewChanges);
                stateTransfers.IncTo(s.StateTransfers);
                resends.IncTo(s.Resends);
                malformed.IncTo(s.MalformedDatagrams);
                view.Set(s.View);
                lastOp.Set(s.LastOp);
                leader.Set(s.IsLeader ? 1 : 0);
            }
            if (kernelPaths is null)
                return;
            foreach (var (program, totals) in kernelPaths())
            {
                foreach (var (outcome, read) in PathOutcomes)
                    paths.WithLabels(PathName(program), outcome).IncTo(read(totals));
            }
        });
        server = new MetricServer(host, port, "metrics/", registry);
        server.Start();
    }

    /// <summary>The label a program's counters carry.</summary>
    public static string PathName(ElectrodeProgram program) => program switch
    {
        ElectrodeProgram.Dispatch => "dispatch",
        ElectrodeProgram.FastReply => "reply",
        ElectrodeProgram.QuorumPrune => "prune",
        ElectrodeProgram.Broadcast => "broadcast",
        _ => program.ToString().ToLowerInvariant(),
    };

    /// <summary>Stops serving.</summary>
    public void Dispose()
    {
        try
        {
            server.Dispose();
        }
        catch (HttpListenerException)
        {
            // Serving has already stopped: closing the managed HttpListener looks its port's endpoint up again to remove
            // the prefix, binding the port anew when it is gone, which fails when something else took the port meanwhile.
        }
    }
}
