using Electrode.Vr.Messages;
using Electrode.Vr.Transport.Simulated;
using static Electrode.Vr.Tests.Transport.Simulated.TestCluster;

namespace Electrode.Vr.Tests.Transport.Simulated;

public class PacketFilterTests
{
    [Fact]
    public void IsolatedReplicaNeitherSendsNorReceivesUntilTheFilterIsRemoved()
    {
        var c = new TestCluster(3);
        long cut = c.Network.AddFilter(PacketFilter.Isolate(2));
        c.Network.SendToReplica(c.Replicas[0], 2, Commit(1));
        c.Network.SendToReplica(c.Replicas[2], 1, Commit(2));
        c.Network.SendToReplica(c.Replicas[0], 1, Commit(3));
        c.Network.Run();

        Assert.Empty(c.Replicas[2].Messages);
        Assert.Equal([3UL], OpsOf(c.Replicas[1]));
        Assert.Equal(2, c.Network.Counters.DroppedByFilter);

        Assert.True(c.Network.RemoveFilter(cut));
        Assert.False(c.Network.RemoveFilter(cut));
        c.Network.SendToReplica(c.Replicas[0], 2, Commit(4));
        c.Network.Run();
        Assert.Equal([4UL], OpsOf(c.Replicas[2]));
    }

    [Fact]
    public void DropBySenderAffectsOnlyThatSender()
    {
        var c = new TestCluster(3);
        c.Network.AddFilter(PacketFilter.Drop(p => p.FromReplica == 0));
        c.Network.SendToReplica(c.Replicas[0], 2, Commit(1));
        c.Network.SendToReplica(c.Replicas[1], 2, Commit(2));
        c.Network.Run();
        Assert.Equal([2UL], OpsOf(c.Replicas[2]));
    }

    [Fact]
    public void DropByMessageTypeAffectsOnlyThatType()
    {
        var c = new TestCluster(2);
        c.Network.AddFilter(PacketFilter.Drop(p => p.Is<PrepareOKMessage>()));
        c.Network.SendToReplica(c.Replicas[1], 0, new PrepareOKMessage { View = 1, Opnum = 1, ReplicaIdx = 1 });
        c.Network.SendToReplica(c.Replicas[1], 0, Commit(5));
        c.Network.Run();
        Assert.IsType<CommitMessage>(c.Replicas[0].Messages.Single().Message);
    }

    [Fact]
    public void DropByMessageTypeCatchesEveryFragmentOfALargeMessage()
    {
        var c = new TestCluster(2);
        c.Network.AddFilter(PacketFilter.Drop(p => p.Is<StateTransferMessage>()));
        c.Network.SendToReplica(c.Replicas[0], 1, Wire.SampleMessages.LargeStateTransfer(30, 1));
        c.Network.Run();
        Assert.Empty(c.Replicas[1].Messages);
        Assert.Equal(0, c.Network.Counters.FramesSent);
    }

    [Fact]
    public void ProbabilisticDropLosesRoughlyThatShareAndIsRepeatableForASeed()
    {
        int Delivered(int seed)
        {
            var c = new TestCluster(2, seed: seed);
            c.Network.AddFilter(PacketFilter.Drop(probability: 0.3));
            for (ulong op = 0; op < 1000; op++)
                c.Network.SendToReplica(c.Replicas[0], 1, Commit(op));
            c.Network.Run();
            return c.Replicas[1].Messages.Count;
        }

        int first = Delivered(11);
        Assert.InRange(first, 620, 780);
        Assert.Equal(first, Delivered(11));
        Assert.NotEqual(first, Delivered(12));
    }

    [Fact]
    public void DelayedPacketArrivesThatMuchLaterAndAfterUndelayedOnes()
    {
        var c = new TestCluster(3);
        c.Network.AddFilter(PacketFilter.Delay(TimeSpan.FromMilliseconds(5), p => p.ToReplica == 1));
        c.Network.SendToReplica(c.Replicas[0], 1, Commit(1));
        c.Network.SendToReplica(c.Replicas[0], 2, Commit(2));
        c.Network.Run();

        Assert.Equal(TimeSpan.FromMilliseconds(5), c.Replicas[1].Messages.Single().At);
        Assert.Equal(TimeSpan.Zero, c.Replicas[2].Messages.Single().At);
    }

    [Fact]
    public void ReorderDeliversEveryPacketButNotInSendOrder()
    {
        var c = new TestCluster(2, seed: 5);
        c.Network.AddFilter(PacketFilter.Reorder(TimeSpan.FromMilliseconds(10)));
        for (ulong op = 0; op < 100; op++)
            c.Network.SendToReplica(c.Replicas[0], 1, Commit(op));
        c.Network.Run();

        var ops = OpsOf(c.Replicas[1]).ToList();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (ulong)i), ops.Order());
        Assert.NotEqual(ops.Order(), ops);
    }

    [Fact]
    public void DuplicateDeliversExtraCopies()
    {
        var c = new TestCluster(2);
        c.Network.AddFilter(PacketFilter.Duplicate(2, p => p.Is<CommitMessage>()));
        c.Network.SendToReplica(c.Replicas[0], 1, Commit(9));
        c.Network.Run();
        Assert.Equal([9UL, 9UL, 9UL], OpsOf(c.Replicas[1]));
    }

    [Fact]
    public void ClearFiltersRestoresDelivery()
    {
        var c = new TestCluster(2);
        c.Network.AddFilter(PacketFilter.Drop());
        c.Network.AddFilter(PacketFilter.Delay(TimeSpan.FromSeconds(1)));
        c.Network.ClearFilters();
        c.Network.SendToReplica(c.Replicas[0], 1, Commit(1));
        c.Network.Run();
        Assert.Equal(TimeSpan.Zero, c.Replicas[1].Messages.Single().At);
    }

    [Fact]
    public void InvalidFilterParametersAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PacketFilter.Drop(probability: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => PacketFilter.Delay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PacketFilter.Duplicate(-1));
    }
}
