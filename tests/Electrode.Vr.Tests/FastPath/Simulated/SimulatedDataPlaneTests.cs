using BpfSharp.InProcess;
using Electrode.Programs;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Wire;
using Electrode.Vr.FastPath;
using Electrode.Vr.FastPath.Simulated;
using Electrode.Vr.Messages;
using Electrode.Vr.Tests.Transport.Simulated;
using Electrode.Vr.Transport.Simulated;
using Electrode.Vr.Wire;
using Google.Protobuf;
using VrStatus = Electrode.Vr.Replica.ReplicaStatus;

namespace Electrode.Vr.Tests.FastPath.Simulated;

public class SimulatedDataPlaneTests
{
    private static (TestCluster Cluster, SimulatedDataPlane DataPlane) Cluster(int replicas = 3)
    {
        var cluster = new TestCluster(replicas);
        return (cluster, new SimulatedDataPlane(cluster.Network));
    }

    private static SimulatedFastPath BootNormal(SimulatedDataPlane dataPlane, int index, int replicas = 3, ulong lastOp = 0,
        VrStatus status = VrStatus.Normal)
    {
        var kernel = dataPlane.Boot(index);
        kernel.PublishControlState(new ReplicaState(status, 0, lastOp, 0, index, replicas, (replicas - 1) / 2 + 1));
        return kernel;
    }

    private static PrepareMessage Prepare(ulong first, params string[] ops)
    {
        var prepare = new PrepareMessage { View = 0, Batchstart = first, Opnum = first + (ulong)ops.Length - 1 };
        for (var i = 0; i < ops.Length; i++)
            prepare.Request.Add(new Request { Op = ByteString.CopyFromUtf8(ops[i]), Clientid = 7, Clientreqid = first + (ulong)i });
        return prepare;
    }

    private static byte[] Frame(SimulatedNetwork network, int from, int to, byte[] datagram) =>
        UdpFrame.Build(network.ReplicaHost(from).Mac, network.ReplicaHost(to).Mac,
            network.ReplicaHost(from).Address, network.ReplicaHost(to).Address, datagram);

    private static List<PrepareMessage> Drain(SimulatedFastPath kernel)
    {
        var drained = new List<PrepareMessage>();
        kernel.DrainHandedOverPrepares(drained.Add);
        return drained;
    }

    [Fact]
    public void FramesOfAClientOrOfAReplicaWithoutAKernelPassUnchanged()
    {
        var (cluster, dataPlane) = Cluster();
        var client = cluster.Network.HostOf(cluster.Clients[0]);
        var frame = Frame(cluster.Network, 0, 1, MessageEncoder.EncodeToArray(Prepare(1, "a"), FastHeader.Broadcast));
        var output = new List<byte[]>();

        dataPlane.Egress(client, frame, output);
        dataPlane.Egress(cluster.Network.ReplicaHost(0), frame, output);
        var up = dataPlane.Ingress(cluster.Network.ReplicaHost(1), frame);

        Assert.Equal([frame, frame], output);
        Assert.Equal(IngressVerdict.Pass, up.Verdict);
        Assert.Same(frame, up.Frame);
    }

    [Fact]
    public void FollowerKernelAnswersAnInOrderPrepareAndHandsTheWholeBatchOver()
    {
        var (cluster, dataPlane) = Cluster();
        var follower = BootNormal(dataPlane, 1);
        var signals = 0;
        follower.PreparesHandedOver += () => signals++;
        var prepare = Prepare(1, "a", "b", "c");

        cluster.Network.SendToReplica(cluster.Replicas[0], 1, prepare);
        cluster.Network.Run();

        Assert.Empty(cluster.Replicas[1].Messages);
        var reply = Assert.Single(cluster.Replicas[0].Messages);
        Assert.True(reply.Info.KernelBuilt);
        Assert.Equal(new PrepareOKMessage { View = 0, Opnum = 3, ReplicaIdx = 1 }, reply.Message);
        Assert.Equal(3ul, follower.KernelState!.Value.LastOp);
        Assert.Equal(1, signals);
        Assert.Equal([prepare], Drain(follower));
        Assert.Empty(Drain(follower));
    }

    [Fact]
    public void FollowerAwaitingAStateTransferPassesPreparesUp()
    {
        var (cluster, dataPlane) = Cluster();
        var follower = BootNormal(dataPlane, 1, status: VrStatus.StateTransfer);

        cluster.Network.SendToReplica(cluster.Replicas[0], 1, Prepare(1, "a"));
        cluster.Network.Run();

        Assert.IsType<PrepareMessage>(Assert.Single(cluster.Replicas[1].Messages).Message);
        Assert.Equal(1ul, follower.Counters(ElectrodeProgram.FastReply)[Reason.NotNormal]);
        Assert.Empty(Drain(follower));
    }

    [Fact]
    public void HandedOverPrepareWhoseBodyDoesNotDecodeIsCountedAndNotAppended()
    {
        var (cluster, dataPlane) = Cluster();
        var follower = BootNormal(dataPlane, 1);
        var datagram = MessageEncoder.EncodeToArray(Prepare(1, "a"));
        datagram.AsSpan(datagram.Length - 4).Fill(0xff);

        var decision = dataPlane.Ingress(cluster.Network.ReplicaHost(1), Frame(cluster.Network, 0, 1, datagram));

        Assert.Equal(IngressVerdict.Transmit, decision.Verdict);
        Assert.Empty(Drain(follower));
        Assert.Equal(1, follower.UndecodableHandOvers);
    }

    [Fact]
    public void RebootedReplicaGetsAFreshKernelAndThePreviousOneIsFreed()
    {
        var (cluster, dataPlane) = Cluster();
        var first = BootNormal(dataPlane, 1);
        cluster.Network.SendToReplica(cluster.Replicas[0], 1, Prepare(1, "a"));
        cluster.Network.Run();

        var second = dataPlane.Boot(1);

        Assert.Same(second, dataPlane.KernelOf(1));
        Assert.Null(second.KernelState);
        Assert.Equal(0ul, second.Counters(ElectrodeProgram.Dispatch).Seen);
        Assert.Empty(Drain(second));
        Assert.Throws<ObjectDisposedException>(() => first.Kernel.Map(ElectrodeMaps.Control).Lookup(0));
    }

    [Fact]
    public void UnpublishedKernelPassesEverythingUp()
    {
        var (cluster, dataPlane) = Cluster();
        var follower = dataPlane.Boot(1);

        cluster.Network.SendToReplica(cluster.Replicas[0], 1, Prepare(1, "a"));
        cluster.Network.Run();

        Assert.Single(cluster.Replicas[1].Messages);
        Assert.Equal(1ul, follower.Counters(ElectrodeProgram.Dispatch)[Reason.Disabled]);
    }

    [Fact]
    public void FrameLargerThanAPageBypassesTheProgramsAndIsCounted()
    {
        var (cluster, dataPlane) = Cluster();
        var follower = BootNormal(dataPlane, 1);
        var big = Prepare(1, new string('x', InProcessKernel.MaxXdpFrameLength));
        var frame = Frame(cluster.Network, 0, 1, MessageEncoder.EncodeToArray(big));

        var decision = dataPlane.Ingress(cluster.Network.ReplicaHost(1), frame);

        Assert.Equal(IngressVerdict.Pass, decision.Verdict);
        Assert.Same(frame, decision.Frame);
        Assert.Equal(1, dataPlane.OversizeFramesPassed);
        Assert.Equal(0ul, follower.Counters(ElectrodeProgram.Dispatch).Seen);
    }

    [Fact]
    public void BroadcastFrameLargerThanAPageIsRefusedRatherThanSentToOneReplica()
    {
        var (cluster, dataPlane) = Cluster();
        BootNormal(dataPlane, 0);
        var big = Prepare(1, new string('x', InProcessKernel.MaxTcFrameLength));
        var frame = Frame(cluster.Network, 0, 1, MessageEncoder.EncodeToArray(big, FastHeader.Broadcast));

        var error = Assert.Throws<NotSupportedException>(() => dataPlane.Egress(cluster.Network.ReplicaHost(0), frame, new List<byte[]>()));
        Assert.Contains("broadcast bit", error.Message);
    }

    [Fact]
    public void BroadcastSupportFollowsTheEnabledPaths()
    {
        Assert.True(new SimulatedDataPlane(new TestCluster(3).Network).SupportsBroadcast);
        Assert.False(new SimulatedDataPlane(new TestCluster(3).Network, FastPaths.FastReply).SupportsBroadcast);
    }
}
