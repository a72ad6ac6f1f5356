using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Tests.Support;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;

namespace Electrode.Programs.Tests;

public class QuorumPruneTests
{
    private const int Leader = 0;
    private const ulong View = 0;
    private const ulong Op = 42;

    /// <summary>Replica 0 leads view 0 and has broadcast the Prepare for <see cref="Op"/>, which reset its quorum slot.</summary>
    private static ElectrodeNode LeaderAfterPrepare(InProcessKernel kernel, int replicas, ulong op = Op)
    {
        var node = ElectrodeNode.Configure(kernel, replicas, me: Leader, view: View, lastOp: op);
        Assert.Equal(TcAction.Ok, node.Egress(Packets.Prepare(node.Cluster, Leader, 1, View, op, op, broadcast: true)).Action);
        return node;
    }

    private static byte[] Vote(ElectrodeNode node, int from, bool kernelForm, ulong view = View, ulong op = Op) =>
        kernelForm
            ? Packets.KernelPrepareOk(node.Cluster, from, Leader, view, op)
            : Packets.PrepareOk(node.Cluster, from, Leader, view, op);

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void Only_the_PrepareOk_completing_the_quorum_goes_up_certified(int f, bool kernelForm)
    {
        using var kernel = new InProcessKernel();
        int replicas = 2 * f + 1;
        var node = LeaderAfterPrepare(kernel, replicas);

        for (int from = 1; from < f; from++)
            Assert.Equal(XdpAction.Drop, node.Ingress(Vote(node, from, kernelForm)).Action);
        var decisive = node.Ingress(Vote(node, f, kernelForm));
        for (int from = f + 1; from < replicas; from++)
            Assert.Equal(XdpAction.Drop, node.Ingress(Vote(node, from, kernelForm)).Action);

        Assert.Equal(XdpAction.Pass, decisive.Action);
        var message = Packets.Decode(decisive.Packet);
        Assert.True(message.Info.Certified);
        Assert.Equal(new PrepareOKMessage { View = View, Opnum = Op, ReplicaIdx = (uint)f }, message.Message);
        var counters = node.Counters(ElectrodeProgram.QuorumPrune);
        Assert.Equal((ulong)(replicas - 1), counters.Seen);
        Assert.Equal(1ul, counters.Passed);
        Assert.Equal((ulong)(f - 1), counters[Reason.VoteCounted]);
        Assert.Equal((ulong)(replicas - 1 - f), counters[Reason.QuorumComplete]);
    }

    [Fact]
    public void Certified_PrepareOk_keeps_its_addresses_and_a_valid_checksum()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        var vote = Vote(node, 2, kernelForm: false);

        var decisive = node.Ingress(vote);

        Assert.Equal(vote.Length, decisive.Packet.Length);
        Assert.Equal(vote[..40], decisive.Packet[..40]);
        Assert.True(IndependentChecksum.Ipv4HeaderIsValid(decisive.Packet));
        Assert.Equal(0, decisive.Packet[40] | decisive.Packet[41]);
        int fast = Packets.FastHeaderOffset("specpaxos.vr.proto.PrepareOKMessage".Length);
        Assert.Equal(vote[(fast + 4)..], decisive.Packet[(fast + 4)..]);
        Assert.Equal(vote[fast + 3] | 0x40, decisive.Packet[fast + 3]);
    }

    [Fact]
    public void Duplicate_PrepareOks_are_dropped_and_do_not_count_twice()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 5);

        Assert.Equal(XdpAction.Drop, node.Ingress(Vote(node, 1, kernelForm: false)).Action);
        Assert.Equal(XdpAction.Drop, node.Ingress(Vote(node, 1, kernelForm: true)).Action);
        Assert.Equal(XdpAction.Drop, node.Ingress(Vote(node, 1, kernelForm: false)).Action);
        var decisive = node.Ingress(Vote(node, 3, kernelForm: true));
        Assert.Equal(XdpAction.Drop, node.Ingress(Vote(node, 3, kernelForm: true)).Action);

        Assert.Equal(XdpAction.Pass, decisive.Action);
        Assert.True(Packets.Decode(decisive.Packet).Info.Certified);
        Assert.Equal(3ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.Duplicate]);
        Assert.Equal(0b1011u, node.Slot(Op).Voters);
    }

    [Fact]
    public void Resending_the_prepare_restarts_the_count_so_a_lost_certified_vote_is_certified_again()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        Assert.True(Packets.Decode(node.Ingress(Vote(node, 1, kernelForm: true)).Packet).Info.Certified);

        node.Egress(Packets.Prepare(node.Cluster, Leader, 2, View, Op, Op, broadcast: true));
        var again = node.Ingress(Vote(node, 1, kernelForm: true));

        Assert.Equal(XdpAction.Pass, again.Action);
        Assert.True(Packets.Decode(again.Packet).Info.Certified);
    }

    [Fact]
    public void Quorum_of_one_needs_no_vote_and_drops_every_PrepareOk()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 2);

        Assert.Equal(XdpAction.Drop, node.Ingress(Vote(node, 1, kernelForm: false)).Action);
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.QuorumComplete]);
    }

    [Fact]
    public void PrepareOk_claiming_another_replicas_index_goes_up_unmarked()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        // Sent from replica 1's address and port, but claiming to be replica 2.
        var forged = Packets.Message(node.Cluster, 1, Leader, new PrepareOKMessage { View = View, Opnum = Op, ReplicaIdx = 2 });

        AssertUnmarkedPass(forged, node.Ingress(forged));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.UnknownSender]);
        Assert.Equal(1u, node.Slot(Op).Voters);
    }

    [Fact]
    public void PrepareOk_from_a_client_address_goes_up_unmarked()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        var forged = Packets.FromClient(node.Cluster, Leader,
            MessageEncoder.EncodeToArray(new PrepareOKMessage { View = View, Opnum = Op, ReplicaIdx = 1 }));

        AssertUnmarkedPass(forged, node.Ingress(forged));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.UnknownSender]);
    }

    [Theory]
    [InlineData(3u)]
    [InlineData(15u)]
    [InlineData(16u)]
    [InlineData(31u)]
    [InlineData(0u)]
    public void PrepareOk_with_an_index_outside_the_configuration_or_the_leaders_own_goes_up_unmarked(uint index)
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        var vote = Packets.Message(node.Cluster, 1, Leader, new PrepareOKMessage { View = View, Opnum = Op, ReplicaIdx = index });

        AssertUnmarkedPass(vote, node.Ingress(vote));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.UnknownSender]);
    }

    [Fact]
    public void PrepareOk_for_an_op_a_ring_ahead_of_the_one_its_slot_holds_goes_up_unmarked_as_not_started()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        var vote = Vote(node, 1, kernelForm: false, op: Op + QuorumSlot.Count);

        AssertUnmarkedPass(vote, node.Ingress(vote));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.SlotNotStarted]);
    }

    [Fact]
    public void A_late_PrepareOk_from_a_replica_a_ring_behind_goes_up_unmarked_as_slot_reused()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        node.Egress(Packets.Prepare(node.Cluster, Leader, 1, View, Op + QuorumSlot.Count, Op + QuorumSlot.Count, broadcast: true));
        var late = Vote(node, 2, kernelForm: true);

        AssertUnmarkedPass(late, node.Ingress(late));
        var counters = node.Counters(ElectrodeProgram.QuorumPrune);
        Assert.Equal(1ul, counters[Reason.SlotReused]);
        Assert.Equal(0ul, counters[Reason.SlotNotStarted]);
    }

    [Fact]
    public void PrepareOk_for_an_op_never_prepared_through_the_egress_path_goes_up_unmarked()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: Leader, view: View, lastOp: Op);
        var vote = Vote(node, 1, kernelForm: true, op: 7);

        AssertUnmarkedPass(vote, node.Ingress(vote));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.SlotNotStarted]);
    }

    [Fact]
    public void PrepareOk_of_another_view_goes_up_unmarked()
    {
        using var kernel = new InProcessKernel();
        // View 3 of 3 replicas is led by replica 0 again; the slot belongs to view 3.
        var node = ElectrodeNode.Configure(kernel, 3, me: Leader, view: 3, lastOp: Op);
        node.Egress(Packets.Prepare(node.Cluster, Leader, 1, 3, Op, Op, broadcast: true));

        var older = Vote(node, 1, kernelForm: false, view: 0);
        var newer = Vote(node, 2, kernelForm: true, view: 6);
        AssertUnmarkedPass(older, node.Ingress(older));
        AssertUnmarkedPass(newer, node.Ingress(newer));
        Assert.Equal(2ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.ViewMismatch]);
    }

    [Fact]
    public void PrepareOk_whose_slot_was_reset_in_another_view_goes_up_unmarked()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        node.ChangeState(s => { s.View = 3; return s; });

        var vote = Vote(node, 1, kernelForm: false, view: 3);
        AssertUnmarkedPass(vote, node.Ingress(vote));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.SlotNotStarted]);
    }

    [Fact]
    public void PrepareOk_goes_up_unmarked_when_the_replicas_view_no_longer_fits_the_control_word()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        // Userspace publishes this status for a normal replica whose view or last op the word cannot hold.
        node.ChangeState(s => { s.Status = ControlStatus.OutOfRange; return s; });
        var vote = Vote(node, 1, kernelForm: false);

        AssertUnmarkedPass(vote, node.Ingress(vote));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.OutOfRange]);
    }

    [Theory]
    [InlineData(ControlStatus.ViewChange)]
    [InlineData(ControlStatus.Recovering)]
    public void PrepareOk_outside_normal_status_goes_up_unmarked(ControlStatus status)
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        node.ChangeState(s => { s.Status = status; return s; });

        var vote = Vote(node, 1, kernelForm: true);
        AssertUnmarkedPass(vote, node.Ingress(vote));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.NotNormal]);
    }

    [Fact]
    public void PrepareOk_reaching_a_follower_goes_up_unmarked()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: 1, view: View, lastOp: Op);
        var vote = Packets.PrepareOk(node.Cluster, 2, 1, View, Op);

        AssertUnmarkedPass(vote, node.Ingress(vote));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.WrongRole]);
    }

    [Fact]
    public void PrepareOk_goes_up_unmarked_when_quorum_prune_is_disabled()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: Leader, view: View, lastOp: Op, paths: FastPaths.Broadcast);
        node.Egress(Packets.Prepare(node.Cluster, Leader, 1, View, Op, Op, broadcast: true));

        var vote = Vote(node, 1, kernelForm: false);
        AssertUnmarkedPass(vote, node.Ingress(vote));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune)[Reason.Disabled]);
    }

    [Fact]
    public void PrepareOk_arriving_already_marked_certified_is_dropped()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        var marked = Packets.Frame(node.Cluster, 1, Leader,
            MessageEncoder.EncodeToArray(new PrepareOKMessage { View = View, Opnum = Op, ReplicaIdx = 1 }, FastHeader.Certified));

        Assert.Equal(XdpAction.Drop, node.Ingress(marked).Action);
        Assert.Equal(1u, node.Slot(Op).Voters);
    }

    [Fact]
    public void Kernel_PrepareOk_whose_body_contradicts_its_fast_header_goes_up_unmarked()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        var datagram = KernelPrepareOk.EncodeToArray(View, Op, 1);
        datagram[^12] ^= 0x01; // the body's op
        var vote = Packets.Frame(node.Cluster, 1, Leader, datagram);

        AssertUnmarkedPass(vote, node.Ingress(vote));
        Assert.Equal(1u, node.Slot(Op).Voters);
    }

    [Fact]
    public void PrepareOk_in_an_IP_fragment_goes_up_unmarked()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        var fragment = FrameEdits.AsIpFragment(Vote(node, 1, kernelForm: false), moreFragments: true, offsetIn8ByteUnits: 0);

        AssertUnmarkedPass(fragment, node.Ingress(fragment));
        AssertUnmarkedPass(fragment, kernel.RunXdp(QuorumPrune.PruneVotes, fragment, ElectrodeNode.Ifindex));
        Assert.Equal(1u, node.Slot(Op).Voters);
    }

    [Fact]
    public void PrepareOk_with_a_UDP_checksum_or_a_wrong_IPv4_checksum_goes_up_unmarked_and_uncounted()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 3);
        var checksummed = FrameEdits.WithUdpChecksum(Vote(node, 1, kernelForm: false));
        var corrupt = FrameEdits.WithWrongIpv4Checksum(Vote(node, 2, kernelForm: true));

        AssertUnmarkedPass(checksummed, node.Ingress(checksummed));
        AssertUnmarkedPass(corrupt, node.Ingress(corrupt));
        Assert.Equal(1u, node.Slot(Op).Voters);
    }

    [Fact]
    public void Votes_for_interleaved_ops_are_counted_in_their_own_slots()
    {
        using var kernel = new InProcessKernel();
        var node = LeaderAfterPrepare(kernel, 5, op: 100);
        node.Egress(Packets.Prepare(node.Cluster, Leader, 1, View, 101, 101, broadcast: true));

        Assert.Equal(XdpAction.Drop, node.Ingress(Vote(node, 1, false, op: 100)).Action);
        Assert.Equal(XdpAction.Drop, node.Ingress(Vote(node, 2, false, op: 101)).Action);
        Assert.Equal(XdpAction.Pass, node.Ingress(Vote(node, 3, true, op: 100)).Action);
        Assert.Equal(XdpAction.Pass, node.Ingress(Vote(node, 4, true, op: 101)).Action);
        Assert.Equal(0b01011u, node.Slot(100).Voters);
        Assert.Equal(0b10101u, node.Slot(101).Voters);
    }

    private static void AssertUnmarkedPass(byte[] sent, XdpRunResult result)
    {
        Assert.Equal(XdpAction.Pass, result.Action);
        Assert.Equal(sent, result.Packet);
        Assert.Empty(result.Emitted);
    }
}
