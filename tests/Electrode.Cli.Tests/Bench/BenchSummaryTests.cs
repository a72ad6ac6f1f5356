using Electrode.Cli.Bench;
using Electrode.Cluster;
using Electrode.Cluster.Load;

namespace Electrode.Cli.Tests.Bench;

public sealed class BenchSummaryTests
{
    private static (int, LoadMeasurement) Run(int repetition, FastPathChoice fastPath, double opsPerSecond, long p99, double cpuSeconds) =>
        (repetition, new LoadMeasurement(3, fastPath, 1, new ClientSummary(10_000, opsPerSecond, p99 / 2, p99, p99, p99, 0),
            TimeSpan.FromSeconds(cpuSeconds)));

    [Fact]
    public void PairedRatiosDivideEachRunByNonesRunOfTheSameRepetition_SoADriftInTheMachinesSpeedCancels()
    {
        var all = FastPathChoice.All(XdpMode.Native);
        // The machine runs twice as slow in repetition 2: every figure of both configurations doubles (ops/s halves).
        var summary = BenchSummary.From(
        [
            Run(1, FastPathChoice.None, 10_000, 200, 2.0), Run(1, all, 20_000, 100, 1.0),
            Run(2, FastPathChoice.None, 5_000, 400, 4.0), Run(2, all, 10_000, 200, 2.0),
        ]);

        var row = Assert.Single(summary, r => r.FastPath == all.ToString());
        Assert.Equal(new Spread(2.0, 2.0, 2.0), row.Paired.OpsPerSecond);
        Assert.Equal(new Spread(0.5, 0.5, 0.5), row.Paired.P99);
        Assert.Equal(new Spread(0.5, 0.5, 0.5), row.Paired.CpuPerOp);
        Assert.Equal(new Spread(150, 100, 200), row.Measured.P99);
    }

    [Fact]
    public void ARepetitionWithoutNoneHasNoPairedRatio()
    {
        var all = FastPathChoice.All(XdpMode.Native);
        var summary = BenchSummary.From([Run(1, FastPathChoice.None, 10_000, 200, 2.0), Run(1, all, 20_000, 100, 1.0), Run(2, all, 5_000, 400, 4.0)]);

        var row = Assert.Single(summary, r => r.FastPath == all.ToString());
        Assert.Equal(2, row.Runs);
        Assert.Equal(new Spread(0.5, 0.5, 0.5), row.Paired.P99);
    }

    [Fact]
    public void AClientCountGivenTwiceRunsTwiceAndPairsWithTheFirstNoneOfItsRepetition()
    {
        var all = FastPathChoice.All(XdpMode.Native);
        var summary = BenchSummary.From(
        [
            Run(1, FastPathChoice.None, 10_000, 200, 2.0), Run(1, FastPathChoice.None, 10_000, 400, 2.0),
            Run(1, all, 20_000, 100, 1.0), Run(1, all, 20_000, 100, 1.0),
        ]);

        var row = Assert.Single(summary, r => r.FastPath == all.ToString());
        Assert.Equal(2, row.Runs);
        Assert.Equal(new Spread(0.5, 0.5, 0.5), row.Paired.P99);
    }

    [Fact]
    public void TheSummaryCsvEndsEachRowWithThePairedRatios()
    {
        var all = FastPathChoice.All(XdpMode.Native);
        var summary = BenchSummary.From([Run(1, FastPathChoice.None, 10_000, 200, 2.0), Run(1, all, 20_000, 100, 1.0)]);
        string path = Path.GetTempFileName();
        try
        {
            BenchSummary.WriteSummaryCsv(path, summary);
            var lines = File.ReadAllLines(path);
            Assert.EndsWith(",ops_per_s_paired_ratio,p50_paired_ratio,p99_paired_ratio,cpu_per_op_paired_ratio", lines[0]);
            Assert.EndsWith(",2.00,0.50,0.50,0.50,2.00,0.50,0.50,0.50", lines[2]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
