using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs.Tests.Support;
using Electrode.Vr.Wire;

namespace Electrode.Programs.Tests;

/// <summary>
/// Valid frames with one to three bytes changed at random (fixed seeds, bounded counts): whatever the change, a program
/// either leaves the frame as it was, or produces exactly what its fast path promises.
/// </summary>
public class MutationTests
{
    private const int MutationsPerSeed = 400;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Mutated_prepares_go_up_untouched_are_dropped_or_are_answered_with_a_valid_PrepareOk(int seed)
    {
        var random = new Random(seed);
        var cluster = new TestCluster(3);
        var whole = Packets.Prepare(cluster, 0, 1, 3, 11, 12);
        for (int i = 0; i < MutationsPerSeed; i++)
        {
            using var kernel = new InProcessKernel();
            var node = ElectrodeNode.Configure(kernel, 3, me: 1, view: 3, lastOp: 10);
            var frame = Mutate(whole, random);

            var result = node.Ingress(frame);

            Assert.Contains(result.Action, new[] { XdpAction.Pass, XdpAction.Drop, XdpAction.Tx });
            if (result.Action != XdpAction.Tx)
            {
                Assert.Equal(frame, result.Packet);
                Assert.Empty(result.RingRecords);
                Assert.Equal(10ul, node.State.LastOp);
                continue;
            }
            var record = Assert.Single(result.RingRecords);
            Assert.Equal(Packets.DatagramOf(frame), PreparedRecords.Datagram(record));
            var reply = Packets.Decode(result.Packet);
            Assert.True(reply.Info.KernelBuilt);
            Assert.Equal(node.State.LastOp, ((Vr.Messages.PrepareOKMessage)reply.Message!).Opnum);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Mutated_PrepareOks_go_up_untouched_are_dropped_or_go_up_certified_and_otherwise_unchanged(int seed)
    {
        var random = new Random(seed);
        var cluster = new TestCluster(3);
        byte[][] votes = [Packets.PrepareOk(cluster, 1, 0, 0, 42), Packets.KernelPrepareOk(cluster, 2, 0, 0, 42)];
        for (int i = 0; i < MutationsPerSeed; i++)
        {
            using var kernel = new InProcessKernel();
            var node = ElectrodeNode.Configure(kernel, 3, me: 0, view: 0, lastOp: 42);
            node.Egress(Packets.Prepare(node.Cluster, 0, 1, 0, 42, 42, broadcast: true));
            var frame = Mutate(votes[i % 2], random);

            var result = node.Ingress(frame);

            Assert.Contains(result.Action, new[] { XdpAction.Pass, XdpAction.Drop });
            Assert.Empty(result.Emitted);
            if (result.Packet.AsSpan().SequenceEqual(frame))
                continue;
            // The only change the program may make: the certified bit, in the highest byte of fast-header word 0.
            Assert.Equal(XdpAction.Pass, result.Action);
            int certifiedByte = Packets.FastHeaderOffset(i % 2 == 0 ? 35 : 24) + 3;
            var expected = (byte[])frame.Clone();
            expected[certifiedByte] |= 0x40;
            Assert.Equal(expected, result.Packet);
            Assert.NotEqual(frame[certifiedByte], expected[certifiedByte]);
            Assert.True(UdpFrame.TryParse(result.Packet, out _, out string? error), error);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Mutated_broadcasts_leave_untouched_or_every_copy_is_a_valid_frame(int seed)
    {
        var random = new Random(seed);
        var cluster = new TestCluster(5);
        var whole = Packets.Prepare(cluster, 0, 1, 0, 7, 7, broadcast: true);
        for (int i = 0; i < MutationsPerSeed; i++)
        {
            using var kernel = new InProcessKernel();
            var node = ElectrodeNode.Configure(kernel, 5, me: 0, view: 0);
            var frame = Mutate(whole, random);

            var result = node.Egress(frame);

            Assert.Equal(TcAction.Ok, result.Action);
            if (result.Emitted.Count == 0)
                continue;
            int broadcastByte = Packets.FastHeaderOffset(33) + 3;
            var original = (byte[])frame.Clone();
            original[broadcastByte] &= 0x7f;
            Assert.Equal(original, result.Packet);
            foreach (var copy in result.Emitted)
            {
                Assert.True(UdpFrame.TryParse(copy.Bytes, out _, out string? error), error);
                Assert.Equal(original[UdpFrame.HeaderSize..], copy.Bytes[UdpFrame.HeaderSize..]);
            }
        }
    }

    private static byte[] Mutate(byte[] frame, Random random)
    {
        var copy = (byte[])frame.Clone();
        int changes = random.Next(1, 4);
        for (int c = 0; c < changes; c++)
            copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
        return copy;
    }
}
