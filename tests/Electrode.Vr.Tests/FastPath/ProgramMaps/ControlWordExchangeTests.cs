using System.Runtime.InteropServices;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Replica;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.FastPath.ProgramMaps;

public sealed unsafe class ControlWordExchangeTests : IDisposable
{
    private readonly ControlState* entry = (ControlState*)NativeMemory.AllocZeroed((nuint)sizeof(ControlState));

    public void Dispose() => NativeMemory.Free(entry);

    private static ControlState Entry(ReplicaStatus status, ulong view, ulong lastOp) =>
        KernelControlState.From(new ReplicaState(status, view, lastOp, 0, 1, 3, 2), FastPaths.All);

    /// <summary>What the fast-reply program does when it wins: the word's last op moves to the batch's end.</summary>
    private void KernelAcknowledges(ulong lastOp) => entry->Word = ControlWord.WithLastOp(entry->Word, lastOp);

    [Fact]
    public void Publication_writes_the_word_and_the_configuration()
    {
        var exchange = new ControlWordExchange(entry);

        Assert.True(exchange.TryPublish(Entry(ReplicaStatus.Normal, 4, 10)));

        Assert.Equal(ControlWord.Pack(ControlStatus.Normal, 4, 10), entry->Word);
        Assert.Equal((1u, 3u, 2u, FastPaths.All), (entry->MyIndex, entry->ReplicaCount, entry->QuorumSize, entry->EnabledPaths));
    }

    [Fact]
    public void Publication_fails_and_leaves_the_word_when_the_kernel_advanced_it_unseen()
    {
        var exchange = new ControlWordExchange(entry);
        exchange.TryPublish(Entry(ReplicaStatus.Normal, 4, 10));
        KernelAcknowledges(12);

        Assert.False(exchange.TryPublish(Entry(ReplicaStatus.ViewChange, 4, 10)));
        Assert.Equal(ControlWord.Pack(ControlStatus.Normal, 4, 12), entry->Word);
    }

    [Fact]
    public void Publication_succeeds_once_the_record_of_the_kernels_advance_was_observed()
    {
        var exchange = new ControlWordExchange(entry);
        exchange.TryPublish(Entry(ReplicaStatus.Normal, 4, 10));
        KernelAcknowledges(12);

        exchange.Observe(FastHeaders.Of(4, 12, 11));

        Assert.True(exchange.HasReached(entry->Word));
        Assert.True(exchange.TryPublish(Entry(ReplicaStatus.ViewChange, 4, 12)));
        Assert.Equal(ControlStatus.ViewChange, ControlWord.StatusOf(entry->Word));
    }

    [Theory]
    [InlineData(3u, 12u, 11u)] // another view
    [InlineData(4u, 12u, 10u)] // a batch that does not start after the known last op (a record from before)
    [InlineData(4u, 9u, 11u)] // inconsistent batch
    public void A_record_that_does_not_continue_the_known_word_changes_nothing(uint view, uint op, uint start)
    {
        var exchange = new ControlWordExchange(entry);
        exchange.TryPublish(Entry(ReplicaStatus.Normal, 4, 10));

        exchange.Observe(FastHeaders.Of(view, op, start));

        Assert.Equal(ControlWord.Pack(ControlStatus.Normal, 4, 10), exchange.Known);
    }

    [Fact]
    public void A_word_changed_in_status_or_view_by_someone_else_is_reported_as_a_stall()
    {
        var exchange = new ControlWordExchange(entry);
        exchange.TryPublish(Entry(ReplicaStatus.Normal, 4, 10));
        entry->Word = ControlWord.Pack(ControlStatus.Normal, 5, 10);

        Assert.Throws<FastPathStalledException>(() => exchange.HasReached(entry->Word));
    }

    [Fact]
    public void A_drain_that_never_sees_the_record_of_an_acknowledged_prepare_fails_within_its_bound()
    {
        var exchange = new ControlWordExchange(entry);
        exchange.TryPublish(Entry(ReplicaStatus.Normal, 4, 10));
        KernelAcknowledges(11);
        var reader = new HandOverReader(exchange, TimeSpan.FromMilliseconds(20));

        var error = Assert.Throws<FastPathStalledException>(() => reader.Drain(_ => 0, _ => { }));
        Assert.Contains("up to op 11", error.Message);
    }

    [Fact]
    public void A_normal_replica_beyond_the_words_range_is_out_of_range_in_the_kernel()
    {
        Assert.Equal(ControlStatus.OutOfRange, ControlWord.StatusOf(Entry(ReplicaStatus.Normal, ControlWord.ViewMask + 1, 1).Word));
        Assert.Equal(ControlStatus.OutOfRange, ControlWord.StatusOf(Entry(ReplicaStatus.Normal, 1, ControlWord.LastOpMask).Word));
        Assert.Equal(ControlStatus.Normal, ControlWord.StatusOf(Entry(ReplicaStatus.Normal, ControlWord.ViewMask, ControlWord.LastOpMask - 1).Word));
    }
}
