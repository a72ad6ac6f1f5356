using System.Runtime.CompilerServices;
using BpfSharp;
using BpfSharp.InProcess;
using BpfSharp.Loader;
using BpfSharp.Testing;
using Electrode.Programs.Layout;
using Electrode.Programs.Tests.Support;

namespace Electrode.Programs.Tests;

/// <summary>
/// When the fast reply wakes the replica waiting on the ring buffer, in the real kernel: a wait on the ring (epoll, as
/// the replica's loop and libbpf's <c>ring_buffer__poll</c> do) returns only after a wake-up, while a consume finds every
/// submitted record whether or not one came.
/// </summary>
public sealed class HandOverWakeupTests
{
    private const int FollowerIndex = 1;
    private const int Leader = 0;
    private const ulong View = 3;
    private static readonly TimeSpan NoWakeupWithin = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan WakeupWithin = TimeSpan.FromSeconds(2);

    /// <summary>Bytes one handed-over Prepare takes in the ring: the record and its 8-byte header, rounded up to 8.</summary>
    private static uint RecordBytes => (uint)(Unsafe.SizeOf<PreparedDatagram>() + 8 + 7) & ~7u;

    [KernelFact]
    public void Without_a_backlog_each_Prepare_that_finds_the_reader_caught_up_wakes_it()
    {
        using var follower = new Follower();

        follower.Answer(1);
        Assert.Equal(1, follower.Wait(WakeupWithin));
        follower.Answer(2);
        Assert.Equal(1, follower.Wait(WakeupWithin));
    }

    [KernelFact]
    public void With_a_backlog_Prepares_below_it_wake_nobody_and_the_one_that_reaches_it_wakes_the_reader_for_all()
    {
        using var follower = new Follower();
        follower.Kernel.SetWakeupBacklog(3 * RecordBytes);

        follower.Answer(1);
        Assert.Equal(0, follower.Wait(NoWakeupWithin));
        follower.Answer(2);
        Assert.Equal(0, follower.Wait(NoWakeupWithin));
        follower.Answer(3);

        Assert.Equal(3, follower.Wait(WakeupWithin));
        Assert.Equal([1ul, 2ul, 3ul], follower.HandedOverOps);
    }

    [KernelFact]
    public void Records_that_woke_nobody_are_all_found_by_a_poll_of_the_ring()
    {
        using var follower = new Follower();
        follower.Kernel.SetWakeupBacklog(64 * RecordBytes);

        for (ulong op = 1; op <= 5; op++)
            follower.Answer(op);

        Assert.Equal(0, follower.Wait(NoWakeupWithin));
        Assert.Equal(5, follower.Reader.Consume());
        Assert.Equal([1ul, 2ul, 3ul, 4ul, 5ul], follower.HandedOverOps);
    }

    private sealed class Follower : IDisposable
    {
        private readonly InProcessKernel model = new();
        private readonly ElectrodeNode node;

        public Follower()
        {
            node = ElectrodeNode.Configure(model, 3, me: FollowerIndex, view: View, lastOp: 0);
            Kernel = new KernelElectrode();
            Kernel.CopyStateFrom(node, 1);
            Reader = Kernel.OpenPreparedReader(record => HandedOverOps.Add(Vr.FastPath.ProgramMaps.PreparedRecords.Decode(record)!.Opnum));
        }

        public KernelElectrode Kernel { get; }

        public BpfRingBuffer Reader { get; }

        public List<ulong> HandedOverOps { get; } = [];

        /// <summary>Sends the in-order Prepare of <paramref name="op"/> and checks the kernel answered it.</summary>
        public void Answer(ulong op)
        {
            var result = Kernel.Ingress(Packets.Prepare(node.Cluster, Leader, FollowerIndex, View, op, op, requestBytes: 8));
            Assert.Equal(XdpAction.Tx, (XdpAction)result.ReturnValue);
        }

        /// <summary>Waits for a wake-up as the replica's loop does; the records it then consumed.</summary>
        public int Wait(TimeSpan timeout) => Reader.Poll(timeout);

        public void Dispose()
        {
            Reader.Dispose();
            Kernel.Dispose();
            model.Dispose();
        }
    }
}
