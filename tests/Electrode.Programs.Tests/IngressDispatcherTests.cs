using System.Buffers.Binary;
using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Tests.Support;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Programs.Tests;

public class IngressDispatcherTests
{
    private const int Follower = 1;

    private static ElectrodeNode FollowerNode(InProcessKernel kernel) =>
        ElectrodeNode.Configure(kernel, 3, me: Follower, view: 0, lastOp: 10);

    [Fact]
    public void Prepare_is_handed_to_the_fast_reply_handler()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);

        var result = node.Ingress(Packets.Prepare(node.Cluster, 0, Follower, 0, 11, 11));

        Assert.Equal(1, result.TailCalls);
        Assert.Equal(XdpAction.Tx, result.Action);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PrepareOk_of_either_form_is_handed_to_the_quorum_handler(bool kernelForm)
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: 0, view: 0, lastOp: 10);
        var vote = kernelForm ? Packets.KernelPrepareOk(node.Cluster, 1, 0, 0, 10) : Packets.PrepareOk(node.Cluster, 1, 0, 0, 10);

        var result = node.Ingress(vote);

        Assert.Equal(1, result.TailCalls);
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.QuorumPrune).Seen);
    }

    [Fact]
    public void Other_VR_messages_to_the_replica_go_up_without_a_tail_call()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);
        IMessage[] messages =
        [
            new CommitMessage { View = 0, Opnum = 10 },
            new StartViewChangeMessage { View = 1, ReplicaIdx = 2, LastCommitted = 3 },
            new RequestStateTransferMessage { View = 0, Opnum = 4 },
        ];

        foreach (var message in messages)
            AssertPassedWithoutTailCall(node, Packets.Message(node.Cluster, 0, Follower, message));
        AssertPassedWithoutTailCall(node, Packets.FromClient(node.Cluster, Follower, MessageEncoder.EncodeToArray(
            new RequestMessage { Req = new Request { Op = ByteString.CopyFromUtf8("put k v"), Clientid = 1, Clientreqid = 1 } })));
        Assert.Equal(4ul, node.Counters(ElectrodeProgram.Dispatch).Passed);
    }

    [Fact]
    public void A_clients_request_with_a_UDP_checksum_goes_up_counted_as_passed_not_as_a_fall_back()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: 0, view: 0, lastOp: 10);
        var request = FrameEdits.WithUdpChecksum(Packets.FromClient(node.Cluster, 0, MessageEncoder.EncodeToArray(
            new RequestMessage { Req = new Request { Op = ByteString.CopyFromUtf8("put k v"), Clientid = 1, Clientreqid = 1 } })));

        AssertPassedWithoutTailCall(node, request);
        var counters = node.Counters(ElectrodeProgram.Dispatch);
        Assert.Equal(1ul, counters.Passed);
        Assert.Equal(0ul, counters.FellBack);
    }

    [Fact]
    public void Datagram_to_another_port_goes_up_without_a_tail_call()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);
        // A Prepare addressed to replica 2's port on this replica's interface.
        var prepare = Packets.Prepare(node.Cluster, 0, 2, 0, 11, 11);

        AssertPassedWithoutTailCall(node, prepare);
    }

    [Fact]
    public void Datagram_with_another_magic_goes_up_without_a_tail_call()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);
        var datagram = Packets.DatagramOf(Packets.Prepare(node.Cluster, 0, Follower, 0, 11, 11));
        BinaryPrimitives.WriteUInt32LittleEndian(datagram, 0x20050319);

        AssertPassedWithoutTailCall(node, Packets.Frame(node.Cluster, 0, Follower, datagram));
    }

    [Fact]
    public void Datagram_whose_type_name_differs_in_its_last_byte_goes_up_without_a_tail_call()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);
        var frame = Packets.Prepare(node.Cluster, 0, Follower, 0, 11, 11);
        int lastNameByte = Packets.FastHeaderOffset("specpaxos.vr.proto.PrepareMessage".Length) - 1;

        AssertPassedWithoutTailCall(node, FrameEdits.WithByte(frame, lastNameByte, (byte)'f'));
    }

    [Fact]
    public void Non_UDP_and_non_IPv4_frames_go_up_without_a_tail_call()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);
        var prepare = Packets.Prepare(node.Cluster, 0, Follower, 0, 11, 11);

        AssertPassedWithoutTailCall(node, FrameEdits.WithByte(prepare, 23, 6));          // TCP
        AssertPassedWithoutTailCall(node, FrameEdits.WithByte(prepare, 13, 0x06));       // ARP ethertype
        AssertPassedWithoutTailCall(node, FrameEdits.WithByte(prepare, 12, 0x86));       // 0x8600
        AssertPassedWithoutTailCall(node, FrameEdits.WithByte(prepare, 14, 0x46));       // IPv4 with options
        AssertPassedWithoutTailCall(node, FrameEdits.WithByte(prepare, 14, 0x65));       // version 6
    }

    [Fact]
    public void Every_frame_goes_up_untouched_on_an_unconfigured_replica()
    {
        using var kernel = new InProcessKernel();
        var cluster = new TestCluster(3);
        kernel.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.FastReply, FastReply.ReplyToPrepare);
        var prepare = Packets.Prepare(cluster, 0, Follower, 0, 1, 1);

        var result = kernel.RunXdp(IngressDispatcher.Dispatch, prepare, ElectrodeNode.Ifindex);

        FastReplyTests.AssertUntouched(prepare, result);
        Assert.Equal(0, result.TailCalls);
    }

    [Fact]
    public void Inconsistent_configuration_is_treated_as_none()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);
        var prepare = Packets.Prepare(node.Cluster, 0, Follower, 0, 11, 11);

        node.ChangeState(s => { s.QuorumSize = 4; return s; });
        FastReplyTests.AssertUntouched(prepare, node.Ingress(prepare));
        node.ChangeState(s => { s.QuorumSize = 2; s.ReplicaCount = 17; return s; });
        FastReplyTests.AssertUntouched(prepare, node.Ingress(prepare));
        node.ChangeState(s => { s.ReplicaCount = 3; s.MyIndex = 3; return s; });
        FastReplyTests.AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(3ul, node.Counters(ElectrodeProgram.Dispatch)[Reason.Disabled]);
    }

    [Fact]
    public void Prepare_goes_up_untouched_when_its_handler_slot_is_empty()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);
        kernel.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.FastReply, (Func<XdpContext, XdpAction>?)null);
        var prepare = Packets.Prepare(node.Cluster, 0, Follower, 0, 11, 11);

        FastReplyTests.AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.Dispatch)[Reason.NoHandler]);
        Assert.Equal(10ul, node.State.LastOp);
    }

    [Fact]
    public void Electrode_fragment_goes_up_counted_as_a_fragment()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);
        var datagram = MessageEncoder.EncodeToArray(Packets.PrepareMessage(0, 11, 11, requestBytes: 2000));
        var frame = Packets.Frame(node.Cluster, 0, Follower, DatagramFragmenter.Split(datagram, 5, maxPayload: 1000)[0]);

        FastReplyTests.AssertUntouched(frame, node.Ingress(frame));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.Dispatch)[Reason.Fragment]);
    }

    [Fact]
    public void Prepare_whose_body_length_disagrees_with_the_datagram_goes_up_counted_as_malformed()
    {
        using var kernel = new InProcessKernel();
        var node = FollowerNode(kernel);
        var datagram = Packets.DatagramOf(Packets.Prepare(node.Cluster, 0, Follower, 0, 11, 11));
        int bodyLengthAt = DatagramLayout.PrefixSize + "specpaxos.vr.proto.PrepareMessage".Length + DatagramLayout.FastHeaderSize;
        BinaryPrimitives.WriteUInt64LittleEndian(datagram.AsSpan(bodyLengthAt),
            BinaryPrimitives.ReadUInt64LittleEndian(datagram.AsSpan(bodyLengthAt)) - 1);
        var frame = Packets.Frame(node.Cluster, 0, Follower, datagram);

        FastReplyTests.AssertUntouched(frame, node.Ingress(frame));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.Dispatch)[Reason.Malformed]);
    }

    private static void AssertPassedWithoutTailCall(ElectrodeNode node, byte[] frame)
    {
        var result = node.Ingress(frame);
        FastReplyTests.AssertUntouched(frame, result);
        Assert.Equal(0, result.TailCalls);
    }
}
