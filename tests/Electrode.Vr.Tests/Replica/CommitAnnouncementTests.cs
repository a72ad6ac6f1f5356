using Electrode.Vr.Messages;

namespace Electrode.Vr.Tests.Replica;

/// <summary>
/// A leader with a commit announcement interval: the first commit after a quiet interval is announced at once, the
/// commits made within the interval after it are announced together when it ends, and nothing is sent when nothing new
/// was committed.
/// </summary>
public class CommitAnnouncementTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private static ReplicaTestBed Leader() =>
        new(index: 0, configure: o => o with { CommitAnnouncementInterval = Interval });

    private static void Commit(ReplicaTestBed bed, ulong op)
    {
        bed.FromClient(ReplicaTestBed.Request($"op {op}", id: op));
        bed.FromReplica(2, ReplicaTestBed.PrepareOk(0, op, 2));
    }

    [Fact]
    public void The_first_commit_is_announced_at_once()
    {
        var bed = Leader();

        Commit(bed, 1);

        Assert.Equal([1ul], bed.ReceivedBy<CommitMessage>(1).Select(c => c.Opnum));
        Assert.Equal([1ul], bed.ReceivedBy<CommitMessage>(2).Select(c => c.Opnum));
    }

    [Fact]
    public void Commits_within_the_interval_are_announced_once_when_it_ends_with_the_latest_commit_point()
    {
        var bed = Leader();
        Commit(bed, 1);

        Commit(bed, 2);
        Commit(bed, 3);
        Commit(bed, 4);
        Assert.Equal([1ul], bed.ReceivedBy<CommitMessage>(1).Select(c => c.Opnum));
        bed.Network.RunFor(Interval);

        Assert.Equal(["op 1", "op 2", "op 3", "op 4"], bed.App.Ops);
        Assert.Equal([1ul, 4ul], bed.ReceivedBy<CommitMessage>(1).Select(c => c.Opnum));
        Assert.Equal([1ul, 4ul], bed.ReceivedBy<CommitMessage>(2).Select(c => c.Opnum));
    }

    [Fact]
    public void An_interval_without_new_commits_sends_nothing_and_the_next_commit_is_announced_at_once()
    {
        var bed = Leader();
        Commit(bed, 1);
        bed.Network.RunFor(3 * Interval);
        Assert.Equal([1ul], bed.ReceivedBy<CommitMessage>(1).Select(c => c.Opnum));

        Commit(bed, 2);

        Assert.Equal([1ul, 2ul], bed.ReceivedBy<CommitMessage>(1).Select(c => c.Opnum));
    }

    [Fact]
    public void Without_an_interval_every_commit_is_announced_as_the_reference_does()
    {
        var bed = new ReplicaTestBed(index: 0);

        for (ulong op = 1; op <= 3; op++)
            Commit(bed, op);

        Assert.Equal([1ul, 2ul, 3ul], bed.ReceivedBy<CommitMessage>(1).Select(c => c.Opnum));
    }
}
