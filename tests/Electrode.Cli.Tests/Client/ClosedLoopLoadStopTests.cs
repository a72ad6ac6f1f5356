using Electrode.Cli.Apps;
using Electrode.Cli.Client;
using Electrode.Vr.Linearizability;
using Electrode.Vr.Transport;

namespace Electrode.Cli.Tests.Client;

public sealed class ClosedLoopLoadStopTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("electrode-stop-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void StopEndsTheLoadEarly_WithEveryRequestSentInTheHistory()
    {
        using var replicas = new InProcessReplicas(3, AppChoice.KeyValue, directory);
        string path = Path.Combine(directory, "history.jsonl");
        using var stop = new ManualResetEvent(false);
        using var stopper = new Timer(_ => stop.Set(), null, TimeSpan.FromMilliseconds(500), Timeout.InfiniteTimeSpan);

        LoadResult result;
        using (var history = KvHistoryWriter.Create(path))
            result = ClosedLoopLoad.Run(Configuration(replicas), new SharedKeyWorkload(4),
                new LoadSettings(10_000_000, 4, TimeSpan.Zero, TimeSpan.FromSeconds(60), KeepSamples: false)
                {
                    History = history,
                    Stop = stop,
                });

        Assert.True(result.Interrupted);
        Assert.False(result.DeadlineReached);
        Assert.InRange(result.Completed, 1, 9_999_999);
        var recorded = KvHistoryReader.ReadFile(path);
        Assert.Equal(result.Completed, recorded.Count(o => !o.IsPending));
        Assert.Equal(LinearizabilityOutcome.Linearizable, KvLinearizabilityChecker.Check(recorded).Outcome);
    }

    private static ClusterConfiguration Configuration(InProcessReplicas replicas) =>
        Electrode.Cli.Cluster.ClusterFile.Load(replicas.ClusterFile);
}
