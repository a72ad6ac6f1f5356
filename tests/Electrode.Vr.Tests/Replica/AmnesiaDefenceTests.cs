using Electrode.Vr.Messages;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.Replica;

/// <summary>
/// A leader that forgot its log (restarted without recovery) numbers new requests from op 1 again. Its followers
/// must not acknowledge entries that differ from the ones they hold, and the leader's own restart must end its view.
/// </summary>
public class AmnesiaDefenceTests
{
    [Fact]
    public void PrepareWhoseEntryDiffersFromTheHeldOne_IsNotAcknowledgedAndIsCounted()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b"));
        var acknowledged = bed.ReceivedBy<PrepareOKMessage>(0).Count();

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "x"));

        Assert.Equal(acknowledged, bed.ReceivedBy<PrepareOKMessage>(0).Count());
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.ConflictingEntry));
        Assert.Equal("a", bed.Replica.FindEntry(1)!.Request.Op.ToStringUtf8());
    }

    [Fact]
    public void PrepareOverlappingTheLogWithADifferentEntry_AppendsNothingOfIt()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a"));

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "x", "y"));

        Assert.Equal(1ul, bed.Replica.LastOp);
        Assert.Equal(1, bed.Replica.Counters.Ignored(IgnoreReason.ConflictingEntry));
    }

    [Fact]
    public void RepeatedPrepareOfTheSameEntries_IsStillAcknowledged()
    {
        var bed = new ReplicaTestBed(index: 1);
        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b"));

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b", "c"));

        Assert.Equal(3ul, bed.Replica.LastOp);
        Assert.Contains(bed.ReceivedBy<PrepareOKMessage>(0), ok => ok.Opnum == 3);
        Assert.Equal(0, bed.Replica.Counters.Ignored(IgnoreReason.ConflictingEntry));
    }

    [Fact]
    public void RecoveryFromTheLeaderOfTheView_StartsAViewChangeAtOnce()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.FromReplica(0, new RecoveryMessage { ReplicaIdx = 0, Nonce = 5 });

        Assert.Equal((ReplicaStatus.ViewChange, 1ul), (bed.Replica.Status, bed.Replica.View));
        Assert.Contains(bed.ReceivedBy<StartViewChangeMessage>(2), m => m.View == 1);
        Assert.Empty(bed.ReceivedBy<RecoveryResponseMessage>(0));
    }

    [Fact]
    public void RecoveryFromAFollower_IsAnsweredWithoutAViewChange()
    {
        var bed = new ReplicaTestBed(index: 1);

        bed.FromReplica(2, new RecoveryMessage { ReplicaIdx = 2, Nonce = 5 });

        Assert.Equal((ReplicaStatus.Normal, 0ul), (bed.Replica.Status, bed.Replica.View));
        Assert.Single(bed.ReceivedBy<RecoveryResponseMessage>(2));
    }

    [Fact]
    public void LogDigest_IsEqualForEqualLogsAndDiffersWhenAnEntryDiffers()
    {
        var first = new ReplicaTestBed(index: 1);
        var same = new ReplicaTestBed(index: 2);
        var other = new ReplicaTestBed(index: 1);

        first.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b"));
        same.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "b"));
        other.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a", "c"));

        Assert.Equal(first.Replica.LogDigest, same.Replica.LogDigest);
        Assert.NotEqual(first.Replica.LogDigest, other.Replica.LogDigest);
        Assert.Equal(16, first.Replica.LogDigest.Length);
        Assert.NotEqual(first.Replica.LogDigest, first.Replica.CommittedDigest);
    }
}
