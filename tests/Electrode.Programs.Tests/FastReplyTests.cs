using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Tests.Support;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;

namespace Electrode.Programs.Tests;

public class FastReplyTests
{
    // Replica 1 of 3 in view 3: the leader is replica 0.
    private const int Follower = 1;
    private const int Leader = 0;
    private const ulong View = 3;

    private static ElectrodeNode Follow(InProcessKernel kernel, ulong lastOp = 10, int replicas = 3,
        FastPaths paths = FastPaths.All) =>
        ElectrodeNode.Configure(kernel, replicas, me: Follower, view: View, lastOp: lastOp, paths: paths);

    [Fact]
    public void In_order_prepare_is_handed_over_whole_and_answered_with_a_kernel_PrepareOk()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel, lastOp: 10);
        var prepare = Packets.Prepare(node.Cluster, from: Leader, to: Follower, View, batchStart: 11, lastOp: 13);

        var result = node.Ingress(prepare);

        Assert.Equal(XdpAction.Tx, result.Action);
        Assert.Equal(1, result.TailCalls);
        var record = Assert.Single(result.RingRecords);
        Assert.Equal(Packets.DatagramOf(prepare), PreparedRecords.Datagram(record));
        var logged = MessageDecoder.TryDecode(PreparedRecords.Datagram(record));
        Assert.Equal(Packets.PrepareMessage(View, 11, 13), logged.Message);
        Assert.Equal(13ul, node.State.LastOp);

        var reply = Packets.Decode(result.Packet);
        Assert.True(reply.Info.KernelBuilt);
        Assert.False(reply.Info.Certified);
        Assert.Equal(new PrepareOKMessage { View = View, Opnum = 13, ReplicaIdx = Follower }, reply.Message);
        Assert.Equal(Vr.Wire.FastHeaders.Of((uint)View, 13, Follower), reply.Header);
    }

    [Fact]
    public void Reply_is_addressed_back_to_the_leader_with_valid_lengths_and_checksum()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11);

        var result = node.Ingress(prepare);

        var frame = result.Packet;
        Assert.Equal(UdpFrame.HeaderSize + KernelPrepareOk.EncodedLength, frame.Length);
        Assert.Equal(node.Cluster.Macs[Leader], frame[..6]);
        Assert.Equal(node.Cluster.Macs[Follower], frame[6..12]);
        var addresses = Packets.Addresses(frame);
        Assert.Equal(node.Cluster.Endpoints[Follower], addresses.Source);
        Assert.Equal(node.Cluster.Endpoints[Leader], addresses.Destination);
        Assert.Equal(IndependentChecksum.ExpectedIpv4Checksum(frame), (ushort)(frame[24] << 8 | frame[25]));
        Assert.Equal(0, frame[40] | frame[41]);
        var sent = Assert.Single(result.Emitted);
        Assert.Equal(ElectrodeNode.Ifindex, sent.Ifindex);
        Assert.Equal(frame, sent.Bytes);
    }

    [Fact]
    public void Prepare_shorter_than_the_reply_grows_into_the_PrepareOk()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel, lastOp: 0);
        var prepare = Packets.Message(node.Cluster, Leader, Follower, new PrepareMessage { View = View, Opnum = 1, Batchstart = 1 });
        Assert.True(prepare.Length < UdpFrame.HeaderSize + KernelPrepareOk.EncodedLength);

        var result = node.Ingress(prepare);

        Assert.Equal(XdpAction.Tx, result.Action);
        Assert.Equal(UdpFrame.HeaderSize + KernelPrepareOk.EncodedLength, result.Packet.Length);
        Assert.Equal(new PrepareOKMessage { View = View, Opnum = 1, ReplicaIdx = Follower }, Packets.Decode(result.Packet).Message);
    }

    [Fact]
    public void Consecutive_prepares_advance_the_last_op_batch_by_batch()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel, lastOp: 0);

        Assert.Equal(XdpAction.Tx, node.Ingress(Packets.Prepare(node.Cluster, Leader, Follower, View, 1, 8)).Action);
        Assert.Equal(XdpAction.Tx, node.Ingress(Packets.Prepare(node.Cluster, Leader, Follower, View, 9, 9)).Action);
        Assert.Equal(XdpAction.Tx, node.Ingress(Packets.Prepare(node.Cluster, Leader, Follower, View, 10, 17)).Action);

        Assert.Equal(17ul, node.State.LastOp);
        var counters = node.Counters(ElectrodeProgram.FastReply);
        Assert.Equal(3ul, counters.Seen);
        Assert.Equal(3ul, counters.Transmitted);
    }

    [Fact]
    public void Prepare_of_an_older_view_is_dropped()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var result = node.Ingress(Packets.Prepare(node.Cluster, Leader, Follower, View - 1, 11, 11));

        Assert.Equal(XdpAction.Drop, result.Action);
        Assert.Empty(result.RingRecords);
        Assert.Equal(10ul, node.State.LastOp);
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.StaleView]);
    }

    [Theory]
    [InlineData(View + 1, 11ul, 11ul, Reason.NewerView)]
    [InlineData(View, 12ul, 12ul, Reason.Gap)]
    [InlineData(View, 10ul, 11ul, Reason.AlreadyLogged)]
    [InlineData(View, 5ul, 7ul, Reason.AlreadyLogged)]
    public void Prepare_the_follower_cannot_vouch_for_goes_up_untouched(ulong view, ulong batchStart, ulong lastOp, Reason reason)
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel, lastOp: 10);
        // A newer view has another leader (view 4: replica 1 itself); the prepare still comes from replica 0.
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, view, batchStart, lastOp);

        var result = node.Ingress(prepare);

        AssertUntouched(prepare, result);
        Assert.Equal(10ul, node.State.LastOp);
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[reason]);
    }

    [Theory]
    [InlineData(ControlStatus.ViewChange)]
    [InlineData(ControlStatus.Recovering)]
    public void Prepare_outside_normal_status_goes_up_untouched(ControlStatus status)
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        node.ChangeState(s => { s.Status = status; return s; });
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11);

        AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.NotNormal]);
    }

    [Fact]
    public void Prepare_goes_up_untouched_when_the_ring_buffer_is_full_and_is_answered_again_once_userspace_reads()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel, lastOp: 0);
        int recordCost = 8 + (PreparedRecords.RecordSize + 7) / 8 * 8;
        int capacity = ElectrodeMaps.Prepared.MaxEntries / recordCost;

        for (int i = 1; i <= capacity; i++)
            Assert.Equal(XdpAction.Tx, node.Ingress(Packets.Prepare(node.Cluster, Leader, Follower, View, (ulong)i, (ulong)i)).Action);
        var overflow = Packets.Prepare(node.Cluster, Leader, Follower, View, (ulong)capacity + 1, (ulong)capacity + 1);
        var refused = node.Ingress(overflow);

        AssertUntouched(overflow, refused);
        Assert.Equal((ulong)capacity, node.State.LastOp);
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.RingFull]);

        using var reader = kernel.RingBufferReader(ElectrodeMaps.Prepared);
        Assert.Equal(capacity, reader.Drain(_ => { }));
        Assert.Equal(XdpAction.Tx, node.Ingress(overflow).Action);
        Assert.Equal((ulong)capacity + 1, node.State.LastOp);
    }

    [Fact]
    public void Prepare_larger_than_a_record_goes_up_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 12, requestBytes: 1100);
        Assert.True(Packets.DatagramOf(prepare).Length > DatagramBytes.Capacity);

        AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.TooLarge]);
    }

    [Fact]
    public void Prepare_exactly_as_large_as_a_record_is_handed_over_whole()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        int requestBytes = Enumerable.Range(1, 2048).First(size =>
            MessageEncoder.GetEncodedLength(Packets.PrepareMessage(View, 11, 11, size)) == (int)DatagramBytes.Capacity);
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11, requestBytes: requestBytes);

        var result = node.Ingress(prepare);

        Assert.Equal(XdpAction.Tx, result.Action);
        Assert.Equal(Packets.DatagramOf(prepare), PreparedRecords.Datagram(Assert.Single(result.RingRecords)));
    }

    [Fact]
    public void Prepare_from_a_replica_other_than_the_leader_goes_up_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var prepare = Packets.Prepare(node.Cluster, from: 2, to: Follower, View, 11, 11);

        AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.UnknownSender]);
    }

    [Fact]
    public void Prepare_reaching_the_leader_itself_goes_up_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: Leader, view: View, lastOp: 10);
        var prepare = Packets.Prepare(node.Cluster, from: 2, to: Leader, View, 11, 11);

        AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.WrongRole]);
    }

    [Fact]
    public void Prepare_goes_up_untouched_when_fast_reply_is_disabled()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel, paths: FastPaths.Broadcast | FastPaths.QuorumPrune);
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11);

        AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.Disabled]);
    }

    [Fact]
    public void Prepare_goes_up_untouched_when_the_last_op_no_longer_fits_the_fast_header()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel, lastOp: uint.MaxValue);
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11);

        AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.OutOfRange]);
    }

    [Theory]
    [InlineData(true, (ushort)0)]
    [InlineData(false, (ushort)185)]
    [InlineData(true, (ushort)185)]
    public void Prepare_in_an_IP_fragment_goes_up_untouched(bool moreFragments, ushort offset)
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var fragment = FrameEdits.AsIpFragment(Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11), moreFragments, offset);

        AssertUntouched(fragment, node.Ingress(fragment));
        AssertUntouched(fragment, kernel.RunXdp(FastReply.ReplyToPrepare, fragment, ElectrodeNode.Ifindex));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.Fragment]);
        Assert.Equal(10ul, node.State.LastOp);
    }

    [Fact]
    public void Electrode_fragments_of_a_large_prepare_go_up_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var datagram = MessageEncoder.EncodeToArray(Packets.PrepareMessage(View, 11, 11, requestBytes: 3000));

        foreach (var piece in DatagramFragmenter.Split(datagram, messageId: 77, maxPayload: 1400))
        {
            var frame = Packets.Frame(node.Cluster, Leader, Follower, piece);
            AssertUntouched(frame, node.Ingress(frame));
            AssertUntouched(frame, kernel.RunXdp(FastReply.ReplyToPrepare, frame, ElectrodeNode.Ifindex));
        }
        Assert.Equal(10ul, node.State.LastOp);
    }

    [Fact]
    public void Prepare_with_a_UDP_checksum_goes_up_untouched_for_the_stack_to_verify()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var prepare = FrameEdits.WithUdpChecksum(Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11));

        AssertUntouched(prepare, node.Ingress(prepare));
        AssertUntouched(prepare, kernel.RunXdp(FastReply.ReplyToPrepare, prepare, ElectrodeNode.Ifindex));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.Dispatch)[Reason.UdpChecksum]);
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.UdpChecksum]);
        Assert.Equal(10ul, node.State.LastOp);
    }

    [Fact]
    public void Prepare_with_a_wrong_IPv4_checksum_goes_up_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var prepare = FrameEdits.WithWrongIpv4Checksum(Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11));

        AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.Dispatch)[Reason.Malformed]);
        Assert.Equal(10ul, node.State.LastOp);
    }

    [Fact]
    public void Prepare_with_a_trailer_after_its_IP_datagram_goes_up_untouched()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var padded = FrameEdits.WithTrailer(Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11), 4);

        AssertUntouched(padded, node.Ingress(padded));
        Assert.Equal(10ul, node.State.LastOp);
    }

    [Fact]
    public void Handler_attached_alone_acts_as_through_the_dispatcher()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        var result = kernel.RunXdp(FastReply.ReplyToPrepare, Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11),
            ElectrodeNode.Ifindex);

        Assert.Equal(XdpAction.Tx, result.Action);
        Assert.Equal(11ul, node.State.LastOp);
    }

    internal static void AssertUntouched(byte[] sent, XdpRunResult result)
    {
        Assert.Equal(XdpAction.Pass, result.Action);
        Assert.Equal(sent, result.Packet);
        Assert.Empty(result.RingRecords);
        Assert.Empty(result.Emitted);
    }
}
