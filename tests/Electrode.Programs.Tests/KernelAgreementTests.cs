using BpfSharp.InProcess;
using BpfSharp.Testing;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Tests.Support;

namespace Electrode.Programs.Tests;

/// <summary>
/// The compiled object in the kernel (through <c>BPF_PROG_TEST_RUN</c>) and the same C# in-process give the same
/// verdict, the same packet out and the same map state, packet by packet.
/// </summary>
public class KernelAgreementTests
{
    [KernelFact]
    public void Follower_ingress_agrees_on_in_order_stale_newer_gapped_and_foreign_prepares()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: 1, view: 3, lastOp: 10);
        using var loaded = new KernelElectrode();
        byte[][] frames =
        [
            Packets.Prepare(node.Cluster, 0, 1, 3, 11, 11),
            Packets.Prepare(node.Cluster, 0, 1, 3, 12, 19),
            Packets.Prepare(node.Cluster, 0, 1, 2, 20, 20),
            Packets.Prepare(node.Cluster, 0, 1, 4, 20, 20),
            Packets.Prepare(node.Cluster, 0, 1, 3, 22, 22),
            Packets.Prepare(node.Cluster, 2, 1, 3, 20, 20),
            Packets.Message(node.Cluster, 0, 1, new Vr.Messages.PrepareMessage { View = 3, Opnum = 20, Batchstart = 20 }),
            Packets.Commit(node.Cluster, 0, 1, 3, 19),
        ];

        foreach (var frame in frames)
            AssertAgree(node, loaded, frame, op: 0);
    }

    [KernelFact]
    public void Leader_ingress_agrees_on_every_vote_of_a_quorum()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: 0, view: 0, lastOp: 42);
        node.Egress(Packets.Prepare(node.Cluster, 0, 1, 0, 42, 42, broadcast: true));
        using var loaded = new KernelElectrode();

        AssertAgree(node, loaded, Packets.PrepareOk(node.Cluster, 1, 0, 0, 42), op: 42);
        AssertAgree(node, loaded, Packets.KernelPrepareOk(node.Cluster, 1, 0, 0, 42), op: 42);
        AssertAgree(node, loaded, Packets.KernelPrepareOk(node.Cluster, 3, 0, 0, 42), op: 42);
        AssertAgree(node, loaded, Packets.PrepareOk(node.Cluster, 4, 0, 0, 42), op: 42);
        AssertAgree(node, loaded, Packets.PrepareOk(node.Cluster, 2, 0, 0, 42 + 1024), op: 42);
    }

    [KernelFact]
    public void Every_cut_of_a_prepare_agrees()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 3, me: 1, view: 0, lastOp: 10);
        using var loaded = new KernelElectrode();
        var whole = Packets.Prepare(node.Cluster, 0, 1, 0, 11, 11);

        for (int length = 14; length <= whole.Length; length++)
            AssertAgree(node, loaded, whole[..length], op: 0);
    }

    [KernelFact]
    public void Leader_egress_agrees_on_the_original_the_quorum_slot_and_the_number_of_copies()
    {
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, 5, me: 0, view: 0, lastOp: 42);
        using var loaded = new KernelElectrode();
        // BPF_PROG_TEST_RUN runs a TC program on the loopback device: the copies go out of loopback and nowhere else.
        var prepare = Packets.Prepare(node.Cluster, 0, 1, 0, 40, 42, broadcast: true);

        loaded.CopyStateFrom(node, 42);
        var inKernel = loaded.Egress(prepare);
        var inProcess = node.Egress(prepare);

        Assert.Equal((uint)inProcess.Action, inKernel.ReturnValue);
        Assert.Equal(inProcess.Packet, inKernel.DataOut);
        Assert.Equal(node.Slot(42), loaded.Slot(42));
        Assert.Equal(3ul, node.Counters(ElectrodeProgram.Broadcast).Transmitted);
        Assert.Equal(3ul, loaded.Transmitted(ElectrodeProgram.Broadcast));
    }

    [KernelFact]
    public void Mutated_prepares_and_PrepareOks_agree()
    {
        var random = new Random(7);
        using var followerKernel = new InProcessKernel();
        var follower = ElectrodeNode.Configure(followerKernel, 3, me: 1, view: 0, lastOp: 10);
        using var leaderKernel = new InProcessKernel();
        var leader = ElectrodeNode.Configure(leaderKernel, 3, me: 0, view: 0, lastOp: 42);
        leader.Egress(Packets.Prepare(leader.Cluster, 0, 1, 0, 42, 42, broadcast: true));
        var prepare = Packets.Prepare(follower.Cluster, 0, 1, 0, 11, 11);
        byte[][] votes = [Packets.PrepareOk(leader.Cluster, 1, 0, 0, 42), Packets.KernelPrepareOk(leader.Cluster, 2, 0, 0, 42)];
        using var loaded = new KernelElectrode();

        for (int i = 0; i < 300; i++)
        {
            var frame = (byte[])prepare.Clone();
            frame[random.Next(frame.Length)] ^= (byte)random.Next(1, 256);
            follower.ChangeState(s => { s.LastOp = 10; return s; });
            AssertAgree(follower, loaded, frame, op: 0);

            var vote = (byte[])votes[i % 2].Clone();
            vote[random.Next(vote.Length)] ^= (byte)random.Next(1, 256);
            leaderKernel.Map(ElectrodeMaps.QuorumSlots).Update(42, new QuorumSlot { View = 0, Op = 42, Voters = 1 });
            AssertAgree(leader, loaded, vote, op: 42);
        }
    }

    private static void AssertAgree(ElectrodeNode node, KernelElectrode loaded, byte[] frame, ulong op)
    {
        loaded.CopyStateFrom(node, op);
        var inKernel = loaded.Ingress(frame);
        var inProcess = node.Ingress(frame);

        Assert.Equal((uint)inProcess.Action, inKernel.ReturnValue);
        Assert.Equal(inProcess.Packet, inKernel.DataOut);
        Assert.Equal(node.State, loaded.State);
        Assert.Equal(node.Slot(op), loaded.Slot(op));
    }
}
