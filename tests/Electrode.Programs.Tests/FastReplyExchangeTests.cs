using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Tests.Support;

namespace Electrode.Programs.Tests;

/// <summary>
/// The fast-reply path claims an op by exchanging the control word it read: a change made by userspace (or another CPU)
/// between its read and its exchange makes it lose, drop the already rewritten frame and hand nothing over.
/// </summary>
public unsafe class FastReplyExchangeTests
{
    private const int Follower = 1;
    private const int Leader = 0;
    private const ulong View = 3;

    private static ElectrodeNode Follow(InProcessKernel kernel) =>
        ElectrodeNode.Configure(kernel, 3, me: Follower, view: View, lastOp: 10);

    /// <summary>Changes the word in the map's memory while the program holds its reservation, as another CPU would.</summary>
    private static void ChangeWordMidway(InProcessKernel kernel, ulong word)
    {
        ControlState* entry = kernel.Map(ElectrodeMaps.Control).ElementPointer(0);
        kernel.AfterRingReserve = _ => Interlocked.Exchange(ref entry->Word, word);
    }

    [Fact]
    public void Prepare_is_dropped_unanswered_when_userspace_leaves_normal_status_while_it_is_being_answered()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        ulong sealedWord = ControlWord.Pack(ControlStatus.ViewChange, View, 10);
        ChangeWordMidway(kernel, sealedWord);
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11);

        var result = node.Ingress(prepare);

        Assert.Equal(XdpAction.Drop, result.Action);
        Assert.Empty(result.RingRecords);
        Assert.Empty(result.Emitted);
        Assert.Equal(sealedWord, node.State.Word);
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.LostRace]);
        Assert.Equal(0ul, node.Counters(ElectrodeProgram.FastReply).Transmitted);
    }

    [Fact]
    public void Prepare_is_dropped_unanswered_when_another_CPU_claims_the_op_first()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        ulong claimed = ControlWord.Pack(ControlStatus.Normal, View, 11);
        ChangeWordMidway(kernel, claimed);
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 12);

        var result = node.Ingress(prepare);

        Assert.Equal(XdpAction.Drop, result.Action);
        Assert.Empty(result.RingRecords);
        Assert.Equal(11ul, node.State.LastOp);
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.LostRace]);
    }

    [Fact]
    public void Winning_exchange_advances_only_the_last_op_of_the_word()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        ulong before = node.State.Word;
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 14);

        var result = node.Ingress(prepare);

        Assert.Equal(XdpAction.Tx, result.Action);
        Assert.Single(result.RingRecords);
        Assert.Equal(ControlWord.WithLastOp(before, 14), node.State.Word);
        Assert.Equal((ControlStatus.Normal, View, 14ul), (ControlWord.StatusOf(node.State.Word), ControlWord.ViewOf(node.State.Word), ControlWord.LastOpOf(node.State.Word)));
    }

    [Fact]
    public void Prepare_goes_up_untouched_when_userspace_says_its_view_or_last_op_is_out_of_the_words_range()
    {
        using var kernel = new InProcessKernel();
        var node = Follow(kernel);
        node.ChangeState(s => { s.Status = ControlStatus.OutOfRange; return s; });
        var prepare = Packets.Prepare(node.Cluster, Leader, Follower, View, 11, 11);

        FastReplyTests.AssertUntouched(prepare, node.Ingress(prepare));
        Assert.Equal(1ul, node.Counters(ElectrodeProgram.FastReply)[Reason.OutOfRange]);
    }
}
