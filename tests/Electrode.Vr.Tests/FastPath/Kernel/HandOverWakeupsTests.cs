using Electrode.Vr.FastPath.Kernel;

namespace Electrode.Vr.Tests.FastPath.Kernel;

public sealed class HandOverWakeupsTests
{
    private static readonly HandOverWakeups Policy = new()
    {
        BacklogBytes = 4096,
        ShortestPoll = TimeSpan.FromMilliseconds(2),
        LongestPoll = TimeSpan.FromMilliseconds(20),
    };

    [Fact]
    public void A_poll_that_found_records_polls_again_at_the_shortest_period()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(2), Policy.NextPoll(TimeSpan.FromMilliseconds(16), found: true));
    }

    [Fact]
    public void Polls_that_find_nothing_double_the_period_up_to_the_longest()
    {
        var periods = new List<TimeSpan>();
        var period = Policy.ShortestPoll;
        for (int i = 0; i < 6; i++)
            periods.Add(period = Policy.NextPoll(period, found: false));

        Assert.Equal([4, 8, 16, 20, 20, 20], periods.Select(p => p.TotalMilliseconds));
    }

    [Fact]
    public void Only_a_backlog_makes_the_loop_poll()
    {
        Assert.True(HandOverWakeups.Batched.Polls);
        Assert.False(HandOverWakeups.EveryRecord.Polls);
        Assert.Equal(0u, HandOverWakeups.EveryRecord.BacklogBytes);
    }
}
