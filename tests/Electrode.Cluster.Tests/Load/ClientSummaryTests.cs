using Electrode.Cluster.Load;

namespace Electrode.Cluster.Tests.Load;

public sealed class ClientSummaryTests
{
    [Fact]
    public void TheClientsSummaryLinesGiveCompletedThroughputPercentilesAndResends()
    {
        var summary = ClientSummary.Parse(
        [
            "warm-up done, measuring",
            "requests:   10000 completed by 4 clients, 0 wrong replies, 3 resends",
            "elapsed:    1.420 s",
            "throughput: 7042 ops/s",
            "latency:    p50 311 us, p90 415 us, p99 2783 us, p99.9 5823 us, max 374391 us, mean 566 us",
        ]);
        Assert.Equal(new ClientSummary(10000, 7042, 311, 415, 2783, 5823, 3), summary);
    }

    [Fact]
    public void AMissingLineIsNamed() =>
        Assert.Contains("throughput", Assert.Throws<ClusterException>(() => ClientSummary.Parse(["requests:   1 completed by 1 clients, 0 wrong replies, 0 resends"])).Message);
}
