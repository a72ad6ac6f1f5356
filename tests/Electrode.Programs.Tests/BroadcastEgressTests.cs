using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Tests.Support;
using Electrode.Programs.Wire;
using Electrode.Vr.Wire;

namespace Electrode.Programs.Tests;

public class BroadcastEgressTests
{
    private const int Leader = 0;
    private const ulong View = 0;

    public static TheoryData<int> ClusterSizes => new() { 3, 5, 7, 16 };

    [Theory]
    [MemberData(nameof(ClusterSizes))]
    public void Prepare_with_the_broadcast_bit_reaches_every_other_replica_once_with_its_own_addresses(int replicas)
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, replicas, me: Leader, view: View);
        var prepare = Packets.Prepare(node.Cluster, Leader, to: 1, View, 5, 8, broadcast: true);
        var unmarked = Packets.Prepare(node.Cluster, Leader, to: 1, View, 5, 8);

        var result = node.Egress(prepare);

        Assert.Equal(TcAction.Ok, result.Action);
        AssertCopiesToEveryOtherReplica(node, result, Packets.DatagramOf(unmarked));
        Assert.Equal(unmarked, result.Packet);
        Assert.True(IndependentChecksum.Ipv4HeaderIsValid(result.Packet));
        var counters = node.Counters(ElectrodeProgram.Broadcast);
        Assert.Equal(1ul, counters.Seen);
        Assert.Equal((ulong)(replicas - 2), counters.Transmitted);
    }

    [Theory]
    [MemberData(nameof(ClusterSizes))]
    public void Commit_with_the_broadcast_bit_reaches_every_other_replica_once_with_its_own_addresses(int replicas)
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, replicas, me: Leader, view: View);
        var commit = Packets.Commit(node.Cluster, Leader, to: replicas - 1, View, 8, broadcast: true);
        var unmarked = Packets.Commit(node.Cluster, Leader, to: replicas - 1, View, 8);

        var result = node.Egress(commit);

        AssertCopiesToEveryOtherReplica(node, result, Packets.DatagramOf(unmarked));
        Assert.Equal(unmarked, result.Packet);
    }

    [Fact]
    public void Leader_other_than_replica_zero_skips_itself_and_the_original_destination()
    {
        using var kernel = new InProcessKernel();
        // View 7 of 5 replicas is led by replica 2.
        var node = ElectrodeNode.Configure(kernel, 5, me: 2, view: 7);
        var result = node.Egress(Packets.Prepare(node.Cluster, 2, to: 4, 7, 1, 1, broadcast: true));

        var destinations = result.Emitted.Select(e => Packets.Addresses(e.Bytes).Destination).ToHashSet();
        Assert.Equal(new[] { 0, 1, 3 }.Select(i => node.Cluster.Endpoints[i]).ToHashSet(), destinations);
        Assert.All(result.Emitted, e => Assert.Equal(node.Cluster.Endpoints[2], Packets.Addresses(e.Bytes).Source));
    }

    [Fact]
    public void Broadcast_sent_to_an_address_outside_the_cluster_reaches_every_other_replica()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: 3, view: 3);
        var datagram = Vr.Wire.MessageEncoder.EncodeToArray(Packets.PrepareMessage(3, 1, 1), FastHeader.Broadcast);
        var frame = UdpFrame.Build(node.Cluster.Macs[3], TestCluster.ClientMac, node.Cluster.Endpoints[3], TestCluster.Client, datagram);

        var result = node.Egress(frame);

        var destinations = result.Emitted.Select(e => Packets.Addresses(e.Bytes).Destination).ToHashSet();
        Assert.Equal(new[] { 0, 1, 2, 4 }.Select(i => node.Cluster.Endpoints[i]).ToHashSet(), destinations);
        Assert.Equal(TestCluster.Client, Packets.Addresses(result.Packet).Destination);
        Assert.True(IndependentChecksum.Ipv4HeaderIsValid(result.Packet));
    }

    [Fact]
    public void Broadcast_prepare_resets_the_quorum_slot_to_the_leaders_own_vote()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: 2, view: 7);

        node.Egress(Packets.Prepare(node.Cluster, 2, to: 0, 7, 1030, 1033, broadcast: true));

        var slot = node.Slot(1033);
        Assert.Equal(7ul, slot.View);
        Assert.Equal(1033ul, slot.Op);
        Assert.Equal(1u << 2, slot.Voters);
    }

    [Fact]
    public void Broadcast_commit_leaves_the_quorum_slots_alone()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: Leader, view: View);

        node.Egress(Packets.Commit(node.Cluster, Leader, to: 1, View, 9, broadcast: true));

        Assert.All(kernel.Map(ElectrodeMaps.QuorumSlots).ToArray(), slot => Assert.Equal(default, slot));
    }

    [Fact]
    public void Copies_pass_the_egress_program_again_without_being_copied_twice()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: Leader, view: View);
        var first = node.Egress(Packets.Prepare(node.Cluster, Leader, to: 1, View, 1, 1, broadcast: true));

        foreach (var copy in first.Emitted)
        {
            var again = node.Egress(copy.Bytes);
            Assert.Empty(again.Emitted);
            Assert.Equal(copy.Bytes, again.Packet);
        }
    }

    [Fact]
    public void Replica_with_its_own_interface_gets_its_copy_there()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: Leader, view: View);
        kernel.AddDevice(9);
        var entry = kernel.Map(ElectrodeMaps.Replicas).Lookup(2)!.Value;
        entry.Ifindex = 9;
        kernel.Map(ElectrodeMaps.Replicas).Update(2, entry);

        var result = node.Egress(Packets.Prepare(node.Cluster, Leader, to: 1, View, 1, 1, broadcast: true));

        var copy = Assert.Single(result.Emitted);
        Assert.Equal(9u, copy.Ifindex);
        Assert.Equal(node.Cluster.Endpoints[2], Packets.Addresses(copy.Bytes).Destination);
    }

    [Fact]
    public void Copy_to_an_unknown_interface_is_counted_and_the_others_still_go()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: Leader, view: View);
        var entry = kernel.Map(ElectrodeMaps.Replicas).Lookup(3)!.Value;
        entry.Ifindex = 99;
        kernel.Map(ElectrodeMaps.Replicas).Update(3, entry);

        var result = node.Egress(Packets.Prepare(node.Cluster, Leader, to: 1, View, 1, 1, broadcast: true));

        Assert.Equal(new[] { 2, 4 }.Select(i => node.Cluster.Endpoints[i]),
            result.Emitted.Select(e => Packets.Addresses(e.Bytes).Destination));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.Broadcast)[Reason.CloneFailed]);
    }

    [Fact]
    public void Prepare_without_the_broadcast_bit_leaves_untouched_and_without_prune_starts_no_quorum_slot()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: Leader, view: View, paths: FastPaths.Broadcast | FastPaths.FastReply);
        var prepare = Packets.Prepare(node.Cluster, Leader, to: 1, View, 1, 1);

        AssertUntouched(prepare, node.Egress(prepare));
        Assert.Equal(0ul, node.Counters(ElectrodeProgram.Broadcast).Seen);
        Assert.Equal(default, node.Slot(1));
    }

    [Fact]
    public void With_prune_the_first_copy_of_a_Prepare_without_the_broadcast_bit_starts_its_quorum_slot_and_later_copies_keep_the_votes()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: 2, view: 7, paths: FastPaths.QuorumPrune);
        var toFirst = Packets.Prepare(node.Cluster, 2, to: 0, 7, 1030, 1033);
        var toSecond = Packets.Prepare(node.Cluster, 2, to: 1, 7, 1030, 1033);

        AssertUntouched(toFirst, node.Egress(toFirst));
        Assert.Equal(new QuorumSlot { View = 7, Op = 1033, Voters = 1u << 2 }, node.Slot(1033));

        // Follower 0 votes before the copy to follower 1 leaves; that copy, and a resend, must not forget the vote.
        Assert.Equal(0, kernel.Map(ElectrodeMaps.QuorumSlots).Update(1033 & QuorumSlot.IndexMask, node.Slot(1033) with { Voters = 1u << 2 | 1u }));
        AssertUntouched(toSecond, node.Egress(toSecond));
        AssertUntouched(toFirst, node.Egress(toFirst));
        Assert.Equal(new QuorumSlot { View = 7, Op = 1033, Voters = 1u << 2 | 1u }, node.Slot(1033));

        // The next op that lands in the same slot, or the same op in a later view, starts it again.
        var nextView = Packets.Prepare(node.Cluster, 2, to: 0, 8, 1033, 1033);
        node.Egress(nextView);
        Assert.Equal(new QuorumSlot { View = 8, Op = 1033, Voters = 1u << 2 }, node.Slot(1033));
    }

    [Fact]
    public void Broadcast_request_leaves_untouched_with_its_bit_when_the_path_is_disabled()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: Leader, view: View, paths: FastPaths.FastReply | FastPaths.QuorumPrune);
        var prepare = Packets.Prepare(node.Cluster, Leader, to: 1, View, 1, 1, broadcast: true);

        AssertUntouched(prepare, node.Egress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.Broadcast)[Reason.Disabled]);
    }

    [Fact]
    public void Other_messages_with_the_broadcast_bit_leave_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: Leader, view: View);
        var prepareOk = Packets.Message(node.Cluster, Leader, 1,
            new Vr.Messages.PrepareOKMessage { View = View, Opnum = 1, ReplicaIdx = 0 }, FastHeader.Broadcast);
        var startView = Packets.Message(node.Cluster, Leader, 1,
            new Vr.Messages.StartViewChangeMessage { View = 1, ReplicaIdx = 0, LastCommitted = 0 }, FastHeader.Broadcast);

        AssertUntouched(prepareOk, node.Egress(prepareOk));
        AssertUntouched(startView, node.Egress(startView));
    }

    [Fact]
    public void Datagram_from_another_port_leaves_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: 1, view: View);
        // Replica 0's port: not the port of this replica (1).
        var prepare = Packets.Prepare(node.Cluster, 0, to: 2, View, 1, 1, broadcast: true);

        AssertUntouched(prepare, node.Egress(prepare));
    }

    [Fact]
    public void Broadcast_request_in_an_IP_fragment_leaves_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: Leader, view: View);
        var fragment = FrameEdits.AsIpFragment(
            Packets.Prepare(node.Cluster, Leader, to: 1, View, 1, 1, broadcast: true), moreFragments: true, offsetIn8ByteUnits: 0);

        AssertUntouched(fragment, node.Egress(fragment));
    }

    [Fact]
    public void Broadcast_request_with_a_UDP_checksum_leaves_untouched_for_the_stack_to_complete()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: Leader, view: View);
        var prepare = FrameEdits.WithUdpChecksum(Packets.Prepare(node.Cluster, Leader, to: 1, View, 1, 1, broadcast: true));

        AssertUntouched(prepare, node.Egress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.Broadcast)[Reason.UdpChecksum]);
        Assert.Equal(default, node.Slot(1));
    }

    [Fact]
    public void Broadcast_request_with_a_wrong_IPv4_checksum_leaves_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: Leader, view: View);
        var prepare = FrameEdits.WithWrongIpv4Checksum(Packets.Prepare(node.Cluster, Leader, to: 1, View, 1, 1, broadcast: true));

        AssertUntouched(prepare, node.Egress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.Broadcast)[Reason.Malformed]);
    }

    private static void AssertCopiesToEveryOtherReplica(ElectrodeNode node, TcRunResult result, byte[] datagramWithoutBit)
    {
        var expected = Enumerable.Range(0, node.Cluster.Count)
            .Where(i => i != node.Me && node.Cluster.Endpoints[i] != Packets.Addresses(result.Packet).Destination)
            .ToList();
        Assert.Equal(expected.Count, result.Emitted.Count);
        var seen = new HashSet<int>();
        foreach (var copy in result.Emitted)
        {
            Assert.Equal(ElectrodeNode.Ifindex, copy.Ifindex);
            Assert.False(copy.Ingress);
            var addresses = Packets.Addresses(copy.Bytes);
            int target = Array.IndexOf(node.Cluster.Endpoints, addresses.Destination);
            Assert.Contains(target, expected);
            Assert.True(seen.Add(target), $"replica {target} got two copies");
            Assert.Equal(node.Cluster.Macs[target], copy.Bytes[..6]);
            Assert.Equal(node.Cluster.Macs[node.Me], copy.Bytes[6..12]);
            Assert.Equal(node.Cluster.Endpoints[node.Me], addresses.Source);
            Assert.True(IndependentChecksum.Ipv4HeaderIsValid(copy.Bytes), $"IPv4 checksum of the copy to replica {target}");
            Assert.Equal(0, copy.Bytes[40] | copy.Bytes[41]);
            Assert.Equal(datagramWithoutBit, Packets.DatagramOf(copy.Bytes));
        }
    }

    private static void AssertUntouched(byte[] sent, TcRunResult result)
    {
        Assert.Equal(TcAction.Ok, result.Action);
        Assert.Equal(sent, result.Packet);
        Assert.Empty(result.Emitted);
    }
}
