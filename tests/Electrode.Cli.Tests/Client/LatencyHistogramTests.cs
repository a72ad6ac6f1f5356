using Electrode.Cli.Client;

namespace Electrode.Cli.Tests.Client;

public class LatencyHistogramTests
{
    [Fact]
    public void SmallValuesAreExactAndPercentilesFollowRank()
    {
        var histogram = new LatencyHistogram();
        for (int v = 1; v <= 100; v++)
            histogram.Record(v);

        Assert.Equal(50, histogram.ValueAtPercentile(50));
        Assert.Equal(90, histogram.ValueAtPercentile(90));
        Assert.Equal(99, histogram.ValueAtPercentile(99));
        Assert.Equal(100, histogram.ValueAtPercentile(99.9));
        Assert.Equal(1, histogram.ValueAtPercentile(0));
        Assert.Equal((1, 100, 100), (histogram.Min, histogram.Max, histogram.Count));
        Assert.Equal(50.5, histogram.Mean);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(200)]
    [InlineData(1_000)]
    [InlineData(123_456)]
    [InlineData(7_654_321)]
    [InlineData(3_000_000_000)]
    public void LargeValuesAreReportedWithinTwoPercentAndNeverBelowTheValue(long value)
    {
        var histogram = new LatencyHistogram();
        histogram.Record(value);
        histogram.Record(value * 10 > LatencyHistogram.MaxMicroseconds ? LatencyHistogram.MaxMicroseconds : value * 10);

        long reported = histogram.ValueAtPercentile(50);

        Assert.InRange(reported, value, value + value / 50);
    }

    [Fact]
    public void PercentileOfTheLargestValueIsTheExactMaximum()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(10);
        histogram.Record(100_001);

        Assert.Equal(100_001, histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void OutOfRangeValuesAreClamped()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        histogram.Record(long.MaxValue);

        Assert.Equal(0, histogram.Min);
        Assert.Equal(LatencyHistogram.MaxMicroseconds, histogram.Max);
        Assert.Equal(LatencyHistogram.MaxMicroseconds, histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void EmptyHistogramReportsZero()
    {
        Assert.Equal(0, new LatencyHistogram().ValueAtPercentile(99));
    }
}
