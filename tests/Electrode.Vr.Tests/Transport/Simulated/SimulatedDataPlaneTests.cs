using System.Buffers.Binary;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Transport.Simulated;
using Electrode.Vr.Wire;
using static Electrode.Vr.Tests.Transport.Simulated.TestCluster;

namespace Electrode.Vr.Tests.Transport.Simulated;

public class SimulatedDataPlaneTests
{
    private static (TestCluster, ScriptedDataPlane) ClusterWith(bool broadcast, int n = 5)
    {
        var plane = new ScriptedDataPlane(broadcast);
        var c = new TestCluster(n, dataPlane: plane);
        plane.Network = c.Network;
        return (c, plane);
    }

    private static DecodeResult DecodeFrame(byte[] frame)
    {
        Assert.True(UdpFrame.TryParse(frame, out var info, out _));
        return MessageDecoder.TryDecode(frame.AsSpan(info.PayloadOffset, info.PayloadLength));
    }

    [Fact]
    public void BroadcastCapableDataPlaneGetsOneFrameWithTheBroadcastBitToAnotherReplica()
    {
        var (c, plane) = ClusterWith(broadcast: true);
        var prepare = new PrepareMessage { View = 1, Opnum = 3, Batchstart = 3 };
        c.Network.SendToAllReplicas(c.Replicas[1], prepare);
        c.Network.Run();

        var (host, frame) = Assert.Single(plane.EgressSeen);
        Assert.Equal(1, host.ReplicaIndex);
        Assert.True(DecodeFrame(frame).Header.IsBroadcast);
        Assert.True(UdpFrame.TryParse(frame, out var info, out _));
        Assert.Equal(c.Network.ReplicaHost(2).Address, info.Destination);
        foreach (var i in new[] { 0, 2, 3, 4 })
            Assert.Equal(prepare, c.Replicas[i].Messages.Single().Message);
        Assert.Empty(c.Replicas[1].Messages);
    }

    [Fact]
    public void BroadcastCapableDataPlaneGetsMessagesOtherThanPrepareAndCommitOncePerReplicaWithoutTheBit()
    {
        var (c, plane) = ClusterWith(broadcast: true);
        c.Network.SendToAllReplicas(c.Replicas[1], new StartViewChangeMessage { View = 2, ReplicaIdx = 1, LastCommitted = 0 });
        c.Network.Run();

        Assert.Equal(4, plane.EgressSeen.Count);
        Assert.All(plane.EgressSeen, e => Assert.False(DecodeFrame(e.Frame).Header.IsBroadcast));
        foreach (var i in new[] { 0, 2, 3, 4 })
            Assert.IsType<StartViewChangeMessage>(c.Replicas[i].Messages.Single().Message);
    }

    [Fact]
    public void WithoutBroadcastSupportEachReplicaGetsItsOwnFrameWithoutTheBit()
    {
        var (c, plane) = ClusterWith(broadcast: false);
        c.Network.SendToAllReplicas(c.Replicas[0], new CommitMessage { View = 1, Opnum = 3 });
        c.Network.Run();

        Assert.Equal(4, plane.EgressSeen.Count);
        Assert.All(plane.EgressSeen, e => Assert.False(DecodeFrame(e.Frame).Header.IsBroadcast));
        Assert.All(c.Replicas.Skip(1), r => Assert.Single(r.Messages));
    }

    [Fact]
    public void BroadcastOfAMessageTooLargeForOneFrameFallsBackToOneSendPerReplica()
    {
        var (c, _) = ClusterWith(broadcast: true, n: 3);
        c.Network.SendToAllReplicas(c.Replicas[0], Wire.SampleMessages.LargeStateTransfer(20, 1));
        c.Network.Run();
        Assert.All(c.Replicas.Skip(1), r => Assert.Single(r.Messages));
    }

    [Fact]
    public void IngressDropKeepsTheMessageFromTheReceiver()
    {
        var (c, plane) = ClusterWith(broadcast: false, n: 2);
        plane.OnIngress = (_, _) => IngressDecision.Drop();
        c.Network.SendToReplica(c.Replicas[0], 1, Commit(1));
        c.Network.Run();
        Assert.Empty(c.Replicas[1].Messages);
        Assert.Equal(1, c.Network.Counters.DroppedByDataPlane);
    }

    [Fact]
    public void IngressRewriteSettingTheCertifiedBitIsSeenByTheReceiver()
    {
        var (c, plane) = ClusterWith(broadcast: false, n: 3);
        plane.OnIngress = (host, frame) =>
        {
            if (host.ReplicaIndex == 0 && UdpFrame.TryParse(frame, out var info, out _))
            {
                int at = info.PayloadOffset + ScriptedDataPlane.FastHeaderWord0Offset(frame.AsSpan(info.PayloadOffset));
                BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(at), BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(at)) | FastHeader.Certified);
            }
            return IngressDecision.Pass(frame);
        };
        c.Network.SendToReplica(c.Replicas[2], 0, new PrepareOKMessage { View = 1, Opnum = 4, ReplicaIdx = 2 });
        c.Network.Run();

        var received = c.Replicas[0].Messages.Single();
        Assert.True(received.Info.Certified);
        Assert.False(received.Info.KernelBuilt);
    }

    [Fact]
    public void IngressTransmitSendsAKernelBuiltPrepareOkBackToTheLeader()
    {
        var (c, plane) = ClusterWith(broadcast: false, n: 3);
        plane.OnIngress = (host, frame) =>
        {
            var decoded = DecodeFrame(frame);
            if (host.ReplicaIndex == 0 || decoded.Message is not PrepareMessage prepare)
                return IngressDecision.Pass(frame);
            Assert.True(UdpFrame.TryParse(frame, out var info, out _));
            var reply = KernelPrepareOk.EncodeToArray(prepare.View, prepare.Opnum, (uint)host.ReplicaIndex!.Value);
            return IngressDecision.Transmit(UdpFrame.Build(host.Mac, frame[6..12], info.Destination, info.Source, reply));
        };
        c.Network.SendToAllReplicas(c.Replicas[0], new PrepareMessage { View = 2, Opnum = 8, Batchstart = 8 });
        c.Network.Run();

        Assert.Empty(c.Replicas[1].Messages);
        Assert.Empty(c.Replicas[2].Messages);
        var oks = c.Replicas[0].Messages;
        Assert.Equal(2, oks.Count);
        Assert.All(oks, m => Assert.True(m.Info.KernelBuilt));
        Assert.Equal([1u, 2u], oks.Select(m => ((PrepareOKMessage)m.Message).ReplicaIdx).Order());
        Assert.Equal(2, c.Network.Counters.TransmittedByDataPlane);
    }

    [Fact]
    public void FilterSeesTheKernelBuiltPrepareOkAsAPrepareOk()
    {
        var (c, plane) = ClusterWith(broadcast: false, n: 2);
        c.Network.AddFilter(PacketFilter.Drop(p => p.Is<PrepareOKMessage>()));
        plane.OnIngress = (host, frame) =>
        {
            if (host.ReplicaIndex != 1)
                return IngressDecision.Pass(frame);
            Assert.True(UdpFrame.TryParse(frame, out var info, out _));
            return IngressDecision.Transmit(UdpFrame.Build(host.Mac, frame[6..12], info.Destination, info.Source, KernelPrepareOk.EncodeToArray(1, 1, 1)));
        };
        c.Network.SendToReplica(c.Replicas[0], 1, new PrepareMessage { View = 1, Opnum = 1, Batchstart = 1 });
        c.Network.Run();
        Assert.Empty(c.Replicas[0].Messages);
        Assert.Equal(1, c.Network.Counters.DroppedByFilter);
    }

    [Fact]
    public void GarbageFramePassedUpIsCountedUndecodable()
    {
        var (c, plane) = ClusterWith(broadcast: false, n: 2);
        plane.OnIngress = (_, frame) =>
        {
            var mangled = (byte[])frame.Clone();
            mangled[^1] ^= 0xff;
            mangled[UdpFrame.HeaderSize] ^= 0xff;
            return IngressDecision.Pass(mangled);
        };
        c.Network.SendToReplica(c.Replicas[0], 1, Commit(1));
        c.Network.Run();
        Assert.Empty(c.Replicas[1].Messages);
        Assert.Equal(1, c.Network.Counters.Undecodable);
    }
}
