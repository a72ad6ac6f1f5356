using BpfSharp.Testing;
using Electrode.Cli.Metrics;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath.ProgramMaps;

namespace Electrode.Cli.Tests.Metrics;

public sealed class ReplicaMetricsTests
{
    [Fact]
    public async Task KernelPathCountersAreServedPerProgramAndOutcome_SummedOverCpus()
    {
        int port = LoopbackPorts.Free(1)[0];
        var reply = PathTotals.Sum([new PathCounters { Seen = 5, Transmitted = 4, FellBack = 1 }, new PathCounters { Seen = 2, Transmitted = 2 }]);
        var snapshot = new ReplicaSnapshot(View: 2, LastOp: 9, Committed: 8, ViewChanges: 1, StateTransfers: 0, Resends: 3, MalformedDatagrams: 0, IsLeader: false);
        using var metrics = new ReplicaMetrics("127.0.0.1", port, () => snapshot,
            () => new Dictionary<ElectrodeProgram, PathTotals> { [ElectrodeProgram.FastReply] = reply });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        string text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");

        Assert.Contains("electrode_fast_path_packets_total{path=\"reply\",outcome=\"seen\"} 7", text);
        Assert.Contains("electrode_fast_path_packets_total{path=\"reply\",outcome=\"transmitted\"} 6", text);
        Assert.Contains("electrode_fast_path_packets_total{path=\"reply\",outcome=\"fell_back\"} 1", text);
        Assert.Contains("electrode_ops_committed_total 8", text);
        Assert.Contains("electrode_resends_total 3", text);
        Assert.Contains("electrode_view 2", text);
    }

    [Fact]
    public async Task AReplicaThatDoesNotAnswerInTimeKeepsItsLastValues()
    {
        int port = LoopbackPorts.Free(1)[0];
        ReplicaSnapshot? next = new(View: 0, LastOp: 4, Committed: 4, ViewChanges: 0, StateTransfers: 0, Resends: 0, MalformedDatagrams: 2, IsLeader: true);
        using var metrics = new ReplicaMetrics("127.0.0.1", port, () => next, kernelPaths: null);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        next = null;

        string text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");

        Assert.Contains("electrode_ops_committed_total 4", text);
        Assert.Contains("electrode_malformed_datagrams_total 2", text);
    }
}
