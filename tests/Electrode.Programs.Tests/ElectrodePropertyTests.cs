using BpfSharp;
using BpfSharp.Differential;
using BpfSharp.Testing;
using BpfSharp.Testing.Properties;
using CsCheck;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Tests.Support;
using Xunit.Abstractions;

namespace Electrode.Programs.Tests;

/// <summary>
/// Every Electrode program on generated replica states (cluster size, index, view, last op, status, enabled paths,
/// quorum slots) and generated frames: Prepares, PrepareOKs of both forms, Commits and client datagrams from the real
/// wire codec, their mutations, and random bytes. electrode.bpf.o in the kernel and the C# in-process must agree on the
/// verdict, the frame out, the ring-buffer records and every map, <see cref="DifferentialProperty.Cases"/> cases each.
/// </summary>
public class ElectrodePropertyTests(ITestOutputHelper output)
{
    /// <summary>A replica's state at the start of a case, and the quorum slots it holds.</summary>
    public sealed record ReplicaCase(int Replicas, int Me, ulong View, ulong LastOp, ControlStatus Status, FastPaths Paths, QuorumSlot[] Slots)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"replica {Me} of {Replicas}, view {View}, last op {LastOp}, {Status}, paths {Paths}, slots "
            + string.Join(" ", Slots.Select(s => $"({s.View},{s.Op},{s.Voters:x})"));
    }

    public static TheoryData<string> Programs => [nameof(IngressDispatcher.Dispatch), nameof(FastReply.ReplyToPrepare), nameof(QuorumPrune.PruneVotes), nameof(BroadcastEgress.Broadcast)];

    private static readonly Gen<ReplicaCase> States =
        from replicas in Gen.Int[1, 7]
        from view in Gen.ULong[0, 3]
        // The leader of the view half the time: quorum pruning and broadcast act only there.
        from me in Gen.Frequency((1, Gen.Const((int)(view % (ulong)replicas))), (1, Gen.Int[0, replicas - 1]))
        // Ops past 32 bits reach the fast header's range checks; the top few values stay out so that op + 2 cannot wrap.
        from lastOp in Gen.Frequency((3, Gen.ULong[0, 40]), (1, Gen.ULong[1000, 1100]), (1, Gen.ULong[0, ulong.MaxValue - 8]))
        from status in Gen.Frequency((6, Gen.Const(ControlStatus.Normal)), (1, Gen.UInt[1, 3].Select(s => (ControlStatus)s)))
        from paths in Gen.Frequency((6, Gen.Const(FastPaths.All)), (1, Gen.UInt[0, 15].Select(p => (FastPaths)p)))
        from slots in Gen.Select(Gen.Frequency((3, Gen.Const(view)), (1, Gen.ULong[0, 4])), Gen.Long[-1, 2], Gen.UInt[0, 127],
            (slotView, delta, voters) => new QuorumSlot { View = slotView, Op = lastOp + (ulong)delta, Voters = voters }).Array[1, 3]
        select new ReplicaCase(replicas, me, view, lastOp, status, paths, slots);

    /// <summary>Protocol frames a replica in <paramref name="state"/> sends or receives, near its view and op.</summary>
    private static Gen<byte[]> ProtocolFrames(ReplicaCase state)
    {
        var cluster = new TestCluster(state.Replicas);
        var peer = Gen.Int[0, state.Replicas - 1];
        var leader = (int)(state.View % (ulong)state.Replicas);
        var from = Gen.Frequency((3, Gen.Const(leader)), (1, peer));
        var view = Gen.Frequency((3, Gen.Const(state.View)), (1, Gen.Select(Gen.Long[-1, 1], d => state.View + (ulong)d)));
        var op = Gen.Select(Gen.Long[-1, 2], d => d < 0 && state.LastOp == 0 ? 0 : state.LastOp + (ulong)d);
        return Gen.OneOf(
            Gen.Select(from, view, op, Gen.Int[0, 3], Gen.Bool, (f, v, last, batch, broadcast) =>
                Packets.Prepare(cluster, f, state.Me, v, last - (ulong)Math.Min(batch, (int)Math.Min(last, 3UL)), last, broadcast, requestBytes: 8)),
            Gen.Select(peer, view, op, (f, v, o) => Packets.PrepareOk(cluster, f, state.Me, v, o)),
            Gen.Select(peer, view, op, (f, v, o) => Packets.KernelPrepareOk(cluster, f, state.Me, v, o)),
            Gen.Select(peer, view, op, Gen.Bool, (f, v, o, broadcast) => Packets.Commit(cluster, f, state.Me, v, o, broadcast)),
            Gen.Select(FrameGen.Interesting.Array[0, 48], datagram => Packets.FromClient(cluster, state.Me, datagram)));
    }

    [KernelTheory]
    [MemberData(nameof(Programs))]
    public void Generated_states_and_frames_give_the_same_results_in_process_and_in_the_kernel(string program)
    {
        using var tester = DifferentialTester.LoadFile(Path.Combine(AppContext.BaseDirectory, "electrode.bpf.o"), [typeof(ElectrodeMaps)]);
        tester.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.FastReply, FastReply.ReplyToPrepare);
        tester.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.QuorumPrune, QuorumPrune.PruneVotes);
        Func<byte[], DifferentialRun> run = program switch
        {
            nameof(IngressDispatcher.Dispatch) => frame => tester.CompareXdp(IngressDispatcher.Dispatch, frame),
            nameof(FastReply.ReplyToPrepare) => frame => tester.CompareXdp(FastReply.ReplyToPrepare, frame),
            nameof(QuorumPrune.PruneVotes) => frame => tester.CompareXdp(QuorumPrune.PruneVotes, frame),
            _ => frame => tester.CompareTc(BroadcastEgress.Broadcast, frame),
        };
        var cases = States.SelectMany(state =>
            Gen.Frequency((1, FrameGen.RandomBytes), (5, FrameGen.Mutated(ProtocolFrames(state)))).Select(frame => (state, frame)));

        var tally = DifferentialProperty.Check(tester, program, cases, (state, _) => Prepare(tester, state), run, output.WriteLine);

        Assert.Equal(0, tally.Divergences);
        // The egress program returns TC_ACT_OK whatever it does (its copies are the effect); the ingress ones must also drop.
        Assert.True(program == nameof(BroadcastEgress.Broadcast) || tally.ReturnCodes.Count > 1, $"the cases must reach more than one verdict: {tally}");
    }

    /// <summary>Writes the case's state in-process as userspace writes it, then mirrors it into the kernel's maps.</summary>
    private static void Prepare(DifferentialTester tester, ReplicaCase state)
    {
        var node = ElectrodeNode.Configure(tester.Kernel, state.Replicas, state.Me, state.View, state.LastOp, state.Paths);
        node.ChangeState(s => s with { Status = state.Status });
        foreach (var slot in state.Slots)
            Assert.Equal(0, tester.Kernel.Map(ElectrodeMaps.QuorumSlots).Update((uint)(slot.Op & QuorumSlot.IndexMask), slot));
        tester.CopyInProcessMapsToKernel();
    }
}
