using Electrode.Vr.Messages;
using Electrode.Vr.Timing;

namespace Electrode.Vr.Tests.Replica;

/// <summary>With <c>PeerRetry</c> set, a leader resends an unacknowledged Prepare after the round trips it measured.</summary>
public class AdaptivePeerTimeoutTests
{
    private static readonly RetryTimeouts PeerRetry =
        RetryTimeouts.Adaptive(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));

    [Fact]
    public void UnacknowledgedPrepare_IsResentAfterAboutThreeMeasuredRoundTrips_NotHalfASecond()
    {
        var bed = new ReplicaTestBed(index: 0, configure: o => o with { PeerRetry = PeerRetry });
        bed.FromClient(ReplicaTestBed.Request("a", id: 1));
        bed.Network.RunFor(TimeSpan.FromMilliseconds(4));
        bed.FromReplica(1, ReplicaTestBed.PrepareOk(0, 1, 1));
        Assert.Equal(1ul, bed.Replica.LastCommitted);

        bed.FromClient(ReplicaTestBed.Request("b", id: 2));
        var sent = bed.ReceivedBy<PrepareMessage>(2).Count();
        bed.Network.RunFor(TimeSpan.FromMilliseconds(10));
        Assert.Equal(sent, bed.ReceivedBy<PrepareMessage>(2).Count());
        bed.Network.RunFor(TimeSpan.FromMilliseconds(10));

        Assert.Equal(sent + 1, bed.ReceivedBy<PrepareMessage>(2).Count());
    }

    [Fact]
    public void WithoutPeerRetry_TheReferenceHalfSecondApplies()
    {
        var bed = new ReplicaTestBed(index: 0);
        bed.FromClient(ReplicaTestBed.Request("a", id: 1));
        var sent = bed.ReceivedBy<PrepareMessage>(2).Count();

        bed.Network.RunFor(TimeSpan.FromMilliseconds(490));
        Assert.Equal(sent, bed.ReceivedBy<PrepareMessage>(2).Count());
        bed.Network.RunFor(TimeSpan.FromMilliseconds(20));

        Assert.Equal(sent + 1, bed.ReceivedBy<PrepareMessage>(2).Count());
    }
}
