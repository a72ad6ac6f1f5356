using Electrode.Vr.Transport;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.Wire;

public class FragmentReassemblerTests
{
    private static readonly EndpointAddress Alice = new(0x7f000001, 1000);
    private static readonly EndpointAddress Bob = new(0x7f000001, 2000);
    private static readonly TimeSpan T0 = TimeSpan.Zero;

    private static byte[] LargeDatagram(int seed = 1) => MessageEncoder.EncodeToArray(SampleMessages.LargeStateTransfer(40, seed));

    private static ReassemblyResult FeedAll(FragmentReassembler r, EndpointAddress from, IEnumerable<byte[]> fragments)
    {
        ReassemblyResult last = default;
        foreach (var f in fragments)
            last = r.Accept(from, f, T0);
        return last;
    }

    [Fact]
    public void LargeMessageNeedsFragmentsAndEveryFragmentFitsTheLimit()
    {
        var datagram = LargeDatagram();
        Assert.True(DatagramFragmenter.NeedsFragmentation(datagram.Length));
        var fragments = DatagramFragmenter.Split(datagram, 1);
        Assert.Equal(DatagramFragmenter.FragmentCount(datagram.Length), fragments.Count);
        Assert.All(fragments, f => Assert.True(f.Length <= DatagramFragmenter.MaxFragmentSize()));
    }

    [Fact]
    public void InOrderFragmentsReassembleToTheOriginalDatagram()
    {
        var datagram = LargeDatagram();
        var r = new FragmentReassembler();
        var fragments = DatagramFragmenter.Split(datagram, 1);

        for (int i = 0; i < fragments.Count - 1; i++)
            Assert.Equal(ReassemblyStatus.Incomplete, r.Accept(Alice, fragments[i], T0).Status);
        var result = r.Accept(Alice, fragments[^1], T0);

        Assert.Equal(ReassemblyStatus.Complete, result.Status);
        Assert.Equal(datagram, result.Datagram);
        Assert.Equal(0, r.PartialMessageCount);
        Assert.Equal(0, r.BufferedBytes);
        Assert.Equal(SampleMessages.LargeStateTransfer(40, 1), MessageDecoder.TryDecode(result.Datagram).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ShuffledAndDuplicatedFragmentsReassemble(int seed)
    {
        var datagram = LargeDatagram(seed);
        var fragments = DatagramFragmenter.Split(datagram, 9, maxPayload: 1000);
        var random = new Random(seed);
        var order = fragments.Concat(fragments.Take(3)).OrderBy(_ => random.Next()).ToList();
        var r = new FragmentReassembler();

        var results = order.Select(f => r.Accept(Alice, f, T0)).ToList();

        Assert.Single(results, x => x.Status == ReassemblyStatus.Complete);
        Assert.Equal(datagram, results.Single(x => x.Status == ReassemblyStatus.Complete).Datagram);
    }

    [Fact]
    public void LostFragmentLeavesTheMessageIncompleteUntilItGoesStale()
    {
        var fragments = DatagramFragmenter.Split(LargeDatagram(), 1);
        var r = new FragmentReassembler(ReassemblyLimits.Default with { StaleAfter = TimeSpan.FromSeconds(1) });

        Assert.Equal(ReassemblyStatus.Incomplete, FeedAll(r, Alice, fragments.Skip(1)).Status);
        Assert.Equal(1, r.PartialMessageCount);

        var other = DatagramFragmenter.Split(LargeDatagram(2), 2);
        r.Accept(Bob, other[0], TimeSpan.FromSeconds(2));

        Assert.Equal(1, r.PartialMessageCount);
        Assert.Equal(1, r.DroppedMessages);
        Assert.Equal(ReassemblyStatus.Incomplete, r.Accept(Alice, fragments[0], TimeSpan.FromSeconds(2)).Status);
    }

    [Fact]
    public void SameMessageIdFromDifferentSendersIsKeptApart()
    {
        var a = DatagramFragmenter.Split(LargeDatagram(1), 5);
        var b = DatagramFragmenter.Split(LargeDatagram(2), 5);
        var r = new FragmentReassembler();
        var interleaved = a.Zip(b).ToList();
        ReassemblyResult lastA = default, lastB = default;
        foreach (var (fa, fb) in interleaved)
        {
            lastA = r.Accept(Alice, fa, T0);
            lastB = r.Accept(Bob, fb, T0);
        }
        Assert.Equal(LargeDatagram(1), lastA.Datagram);
        Assert.Equal(LargeDatagram(2), lastB.Datagram);
    }

    [Fact]
    public void PartialMessageCountIsCappedByDroppingTheOldest()
    {
        var r = new FragmentReassembler(ReassemblyLimits.Default with { MaxPartialMessages = 3 });
        for (ulong id = 1; id <= 10; id++)
            r.Accept(Alice, DatagramFragmenter.Split(LargeDatagram(), id)[0], TimeSpan.FromMilliseconds(id));

        Assert.Equal(3, r.PartialMessageCount);
        Assert.Equal(7, r.DroppedMessages);
        var lastFragments = DatagramFragmenter.Split(LargeDatagram(), 10);
        Assert.Equal(ReassemblyStatus.Complete, FeedAll(r, Alice, lastFragments.Skip(1)).Status);
    }

    [Fact]
    public void BufferedBytesStayWithinTheBudget()
    {
        int length = LargeDatagram().Length;
        var r = new FragmentReassembler(ReassemblyLimits.Default with { MaxBufferedBytes = length * 2L });
        for (ulong id = 1; id <= 5; id++)
        {
            r.Accept(Alice, DatagramFragmenter.Split(LargeDatagram(), id)[0], T0);
            Assert.True(r.BufferedBytes <= length * 2L);
        }
        Assert.Equal(2, r.PartialMessageCount);
    }

    [Fact]
    public void AnnouncedLengthAboveTheLimitIsRejected()
    {
        var r = new FragmentReassembler(ReassemblyLimits.Default with { MaxMessageLength = 1000 });
        var fragment = DatagramFragmenter.Split(LargeDatagram(), 1)[0];
        Assert.Equal(ReassemblyStatus.Rejected, r.Accept(Alice, fragment, T0).Status);
        Assert.Equal(0, r.PartialMessageCount);
    }

    [Fact]
    public void FragmentOverrunningTheAnnouncedLengthIsRejected()
    {
        var fragment = DatagramFragmenter.Split(LargeDatagram(), 1)[^1];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(fragment.AsSpan(12), 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(fragment.AsSpan(20), 10);
        Assert.Equal(ReassemblyStatus.Rejected, new FragmentReassembler().Accept(Alice, fragment, T0).Status);
    }

    [Fact]
    public void ChangedTotalLengthForAMessageDropsIt()
    {
        var fragments = DatagramFragmenter.Split(LargeDatagram(), 1);
        var r = new FragmentReassembler();
        r.Accept(Alice, fragments[0], T0);
        var liar = (byte[])fragments[1].Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(liar.AsSpan(20), 1_000_000);
        Assert.Equal(ReassemblyStatus.Rejected, r.Accept(Alice, liar, T0).Status);
        Assert.Equal(0, r.PartialMessageCount);
        Assert.Equal(0, r.BufferedBytes);
    }

    [Fact]
    public void TooManyFragmentsForOneMessageDropIt()
    {
        var fragments = DatagramFragmenter.Split(LargeDatagram(), 1, maxPayload: 100);
        var r = new FragmentReassembler(ReassemblyLimits.Default with { MaxFragmentsPerMessage = 4 });
        var results = fragments.Take(5).Select(f => r.Accept(Alice, f, T0)).ToList();
        Assert.Equal(ReassemblyStatus.Rejected, results[^1].Status);
        Assert.Equal(0, r.PartialMessageCount);
    }
}
