using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.Replica;

public class PrepareOkTrackerTests
{
    [Fact]
    public void ThreeReplicas_OneFollowerWatermarkIsTheQuorumPoint()
    {
        var tracker = new PrepareOkTracker(3, leaderIndex: 0, quorumSize: 2);

        Assert.Equal(5ul, tracker.RecordAndGetQuorumPoint(2, 5, leaderLastOp: 9));
    }

    [Fact]
    public void FiveReplicas_QuorumPointIsTheSecondHighestFollowerWatermark()
    {
        var tracker = new PrepareOkTracker(5, leaderIndex: 1, quorumSize: 3);

        Assert.Equal(0ul, tracker.RecordAndGetQuorumPoint(0, 7, leaderLastOp: 9));
        Assert.Equal(4ul, tracker.RecordAndGetQuorumPoint(3, 4, leaderLastOp: 9));
        Assert.Equal(6ul, tracker.RecordAndGetQuorumPoint(4, 6, leaderLastOp: 9));
    }

    [Fact]
    public void OlderVote_NeverLowersAWatermarkAndResetForgetsThem()
    {
        var tracker = new PrepareOkTracker(3, leaderIndex: 0, quorumSize: 2);
        tracker.RecordAndGetQuorumPoint(1, 5, leaderLastOp: 5);

        Assert.Equal(5ul, tracker.RecordAndGetQuorumPoint(1, 3, leaderLastOp: 5));
        tracker.Reset();
        Assert.Equal(2ul, tracker.RecordAndGetQuorumPoint(2, 2, leaderLastOp: 5));
    }
}
