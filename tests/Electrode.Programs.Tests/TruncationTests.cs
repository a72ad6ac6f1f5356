using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs.Tests.Support;
using Electrode.Vr.Wire;

namespace Electrode.Programs.Tests;

/// <summary>
/// Every message the fast paths act on, cut at every length: the frame (as a capture cut short) and the datagram (as a
/// sender that wrote fewer bytes, with consistent IPv4 and UDP lengths). Every cut goes up untouched, and only the whole
/// message gets the fast path's action.
/// </summary>
public class TruncationTests
{
    public enum Sample
    {
        PrepareToFollower,
        PrepareOkToLeader,
        KernelPrepareOkToLeader,
    }

    public static TheoryData<Sample> Samples => new() { Sample.PrepareToFollower, Sample.PrepareOkToLeader, Sample.KernelPrepareOkToLeader };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Frame_cut_at_every_length_goes_up_untouched_through_every_ingress_program(Sample sample)
    {
        foreach (var program in new Func<XdpContext, XdpAction>[] { IngressDispatcher.Dispatch, FastReply.ReplyToPrepare, QuorumPrune.PruneVotes })
        {
            var whole = Build(sample, out _);
            for (int length = UdpFrame.EthernetHeaderSize; length < whole.Length; length++)
                AssertCutGoesUpUntouched(sample, program, whole[..length], $"frame cut at {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Datagram_cut_at_every_length_goes_up_untouched_through_every_ingress_program(Sample sample)
    {
        foreach (var program in new Func<XdpContext, XdpAction>[] { IngressDispatcher.Dispatch, FastReply.ReplyToPrepare, QuorumPrune.PruneVotes })
        {
            var whole = Build(sample, out var cluster);
            var datagram = Packets.DatagramOf(whole);
            (int from, int to) = sample == Sample.PrepareToFollower ? (0, 1) : (1, 0);
            for (int length = 0; length < datagram.Length; length++)
                AssertCutGoesUpUntouched(sample, program, Packets.Frame(cluster, from, to, datagram[..length]),
                    $"datagram cut at {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Whole_message_gets_the_fast_path_action(Sample sample)
    {
        using var kernel = new InProcessKernel();
        var node = Configure(kernel, sample);
        var result = node.Ingress(Build(sample, out _));

        Assert.Equal(sample == Sample.PrepareToFollower ? XdpAction.Tx : XdpAction.Pass, result.Action);
        if (sample != Sample.PrepareToFollower)
            Assert.True(Packets.Decode(result.Packet).Info.Certified);
    }

    [Fact]
    public void Frames_shorter_than_an_Ethernet_header_never_reach_a_program()
    {
        using var kernel = new InProcessKernel();
        var whole = Build(Sample.PrepareToFollower, out _);
        for (int length = 0; length < UdpFrame.EthernetHeaderSize; length++)
            Assert.Throws<ArgumentException>(() => kernel.RunXdp(IngressDispatcher.Dispatch, whole[..length], ElectrodeNode.Ifindex));
    }

    [Fact]
    public void Broadcast_prepare_cut_at_every_length_leaves_untouched_without_copies()
    {
        var cluster = new TestCluster(5);
        var whole = Packets.Prepare(cluster, 0, 1, 0, 1, 1, broadcast: true);
        var datagram = Packets.DatagramOf(whole);
        var cuts = Enumerable.Range(UdpFrame.EthernetHeaderSize, whole.Length - UdpFrame.EthernetHeaderSize).Select(n => whole[..n])
            .Concat(Enumerable.Range(0, datagram.Length).Select(n => Packets.Frame(cluster, 0, 1, datagram[..n])));

        foreach (var cut in cuts)
        {
            using var kernel = new InProcessKernel();
            var node = ElectrodeNode.Configure(kernel, 5, me: 0, view: 0);
            var result = node.Egress(cut);
            Assert.Equal(TcAction.Ok, result.Action);
            Assert.Equal(cut, result.Packet);
            Assert.Empty(result.Emitted);
            Assert.Equal(default, node.Slot(1));
        }
    }

    private static byte[] Build(Sample sample, out TestCluster cluster)
    {
        cluster = new TestCluster(3);
        return sample switch
        {
            Sample.PrepareToFollower => Packets.Prepare(cluster, 0, 1, 0, 11, 11),
            Sample.PrepareOkToLeader => Packets.PrepareOk(cluster, 1, 0, 0, 10),
            _ => Packets.KernelPrepareOk(cluster, 1, 0, 0, 10),
        };
    }

    private static ElectrodeNode Configure(InProcessKernel kernel, Sample sample)
    {
        if (sample == Sample.PrepareToFollower)
            return ElectrodeNode.Configure(kernel, 3, me: 1, view: 0, lastOp: 10);
        var leader = ElectrodeNode.Configure(kernel, 3, me: 0, view: 0, lastOp: 10);
        leader.Egress(Packets.Prepare(leader.Cluster, 0, 1, 0, 10, 10, broadcast: true));
        return leader;
    }

    private static void AssertCutGoesUpUntouched(Sample sample, Func<XdpContext, XdpAction> program, byte[] cut, string what)
    {
        using var kernel = new InProcessKernel();
        var node = Configure(kernel, sample);
        var stateBefore = node.State;
        var slotBefore = node.Slot(10);

        var result = kernel.RunXdp(program, cut, ElectrodeNode.Ifindex);

        Assert.True(result.Action == XdpAction.Pass, $"{what}: {result.Action}");
        Assert.True(cut.AsSpan().SequenceEqual(result.Packet), $"{what}: packet changed");
        Assert.Empty(result.RingRecords);
        Assert.Empty(result.Emitted);
        Assert.Equal(stateBefore, node.State);
        Assert.Equal(slotBefore, node.Slot(10));
    }
}
