using Electrode.Vr.Timing;

namespace Electrode.Vr.Tests.Timing;

public class RoundTripEstimatorTests
{
    private static readonly RetryTimeouts Adaptive =
        RetryTimeouts.Adaptive(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

    [Fact]
    public void BeforeAnySample_TheInitialTimeoutApplies()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), Adaptive.NewEstimator().Timeout);
    }

    [Fact]
    public void FirstSample_GivesThreeTimesTheRoundTrip()
    {
        var estimator = Adaptive.NewEstimator();

        estimator.Observe(TimeSpan.FromMilliseconds(20));

        Assert.Equal(TimeSpan.FromMilliseconds(60), estimator.Timeout);
    }

    [Fact]
    public void SteadyRoundTrips_ConvergeToTheRoundTripAndAreBoundedBelowByTheMinimum()
    {
        var estimator = Adaptive.NewEstimator();

        for (var i = 0; i < 200; i++) estimator.Observe(TimeSpan.FromMilliseconds(2));

        Assert.Equal(TimeSpan.FromMilliseconds(10), estimator.Timeout);
        Assert.Equal(200, estimator.Samples);
    }

    [Fact]
    public void JitteryRoundTrips_WidenTheTimeoutBeyondTheMean()
    {
        var estimator = Adaptive.NewEstimator();

        for (var i = 0; i < 200; i++) estimator.Observe(TimeSpan.FromMilliseconds(i % 2 == 0 ? 10 : 50));

        Assert.InRange(estimator.Timeout.TotalMilliseconds, 80, 140);
    }

    [Fact]
    public void EachRetry_DoublesTheWaitUpToTheMaximum()
    {
        var estimator = Adaptive.NewEstimator();
        estimator.Observe(TimeSpan.FromMilliseconds(20));

        Assert.Equal([60, 120, 240, 480, 960, 1000, 1000],
            Enumerable.Range(0, 7).Select(r => estimator.After(r).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(1), estimator.After(int.MaxValue));
    }

    [Fact]
    public void FixedPolicy_IgnoresSamplesAndNeverBacksOff()
    {
        var estimator = RetryTimeouts.Fixed(TimeSpan.FromSeconds(7)).NewEstimator();

        estimator.Observe(TimeSpan.FromMilliseconds(1));

        Assert.Equal(TimeSpan.FromSeconds(7), estimator.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(7), estimator.After(5));
        Assert.Equal(0, estimator.Samples);
    }

    [Fact]
    public void BoundsOutOfOrder_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            RetryTimeouts.Adaptive(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            RetryTimeouts.Adaptive(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5)));
    }
}
