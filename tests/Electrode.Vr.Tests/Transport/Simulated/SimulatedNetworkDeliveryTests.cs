using Electrode.Vr.Messages;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Simulated;
using static Electrode.Vr.Tests.Transport.Simulated.TestCluster;

namespace Electrode.Vr.Tests.Transport.Simulated;

public class SimulatedNetworkDeliveryTests
{
    [Fact]
    public void MessagesArriveInSendOrderWithoutTimeAdvancing()
    {
        var c = new TestCluster(3);
        for (ulong op = 1; op <= 50; op++)
            c.Network.SendToReplica(c.Replicas[0], 1, Commit(op));

        Assert.Equal(RunResult.Idle, c.Network.Run());

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (ulong)i), OpsOf(c.Replicas[1]));
        Assert.All(c.Replicas[1].Messages, m => Assert.Equal(TimeSpan.Zero, m.At));
        Assert.All(c.Replicas[1].Messages, m => Assert.Equal(c.Network.ReplicaHost(0).Address, m.From));
    }

    [Fact]
    public void ClientsGetAddressesOutsideTheReplicasAndCanBeAnswered()
    {
        var c = new TestCluster(3, clients: 2);
        var clientAddresses = c.Clients.Select(x => c.Network.HostOf(x)).ToArray();
        Assert.All(clientAddresses, h => Assert.Null(h.ReplicaIndex));
        Assert.DoesNotContain(clientAddresses[0].Address, Enumerable.Range(0, 3).Select(i => c.Network.ReplicaHost(i).Address));
        Assert.NotEqual(clientAddresses[0].Address, clientAddresses[1].Address);

        var request = new RequestMessage { Req = new Request { Op = Google.Protobuf.ByteString.CopyFromUtf8("x"), Clientid = 1, Clientreqid = 1 } };
        c.Network.SendToReplica(c.Clients[0], 0, request);
        c.Replicas[0].OnReceive = (from, _) =>
            c.Network.Send(c.Replicas[0], from, new ReplyMessage { View = 0, Opnum = 1, Reply = Google.Protobuf.ByteString.Empty, Clientreqid = 1 });
        c.Network.Run();

        Assert.Equal(clientAddresses[0].Address, c.Replicas[0].Messages.Single().From);
        Assert.IsType<ReplyMessage>(c.Clients[0].Messages.Single().Message);
        Assert.Empty(c.Clients[1].Messages);
    }

    [Fact]
    public void SendToAllReplicasReachesEveryOtherReplicaOnceWithoutBroadcastSupport()
    {
        var c = new TestCluster(5);
        c.Network.SendToAllReplicas(c.Replicas[2], Commit(7));
        c.Network.Run();

        Assert.Empty(c.Replicas[2].Messages);
        foreach (var i in new[] { 0, 1, 3, 4 })
            Assert.Equal([7UL], OpsOf(c.Replicas[i]));
        Assert.Equal(4, c.Network.Counters.FramesSent);
    }

    [Fact]
    public void SendToAllReplicasFromAClientReachesEveryReplica()
    {
        var c = new TestCluster(3);
        c.Network.SendToAllReplicas(c.Clients[0], Commit(1));
        c.Network.Run();
        Assert.All(c.Replicas, r => Assert.Single(r.Messages));
    }

    [Fact]
    public void LargeMessageTravelsAsFragmentsAndArrivesWhole()
    {
        var c = new TestCluster(3);
        var big = Wire.SampleMessages.LargeStateTransfer(100, 4);
        Assert.True(c.Network.SendToReplica(c.Replicas[0], 2, big));
        c.Network.Run();

        Assert.Equal(big, c.Replicas[2].Messages.Single().Message);
        Assert.True(c.Network.Counters.FramesSent > 10);
    }

    [Fact]
    public void MessageAboveTheReassemblyLimit_IsNotSentAndIsCountedTooLarge()
    {
        var c = new TestCluster(2);
        var big = Wire.SampleMessages.LargeStateTransfer(16_500, 5);

        Assert.False(c.Network.SendToReplica(c.Replicas[0], 1, big));
        c.Network.Run();

        Assert.Equal(1, c.Network.Counters.MessagesTooLarge);
        Assert.Equal(0, c.Network.Counters.FramesSent);
        Assert.Empty(c.Replicas[1].Messages);
    }

    [Fact]
    public void MessageToAnUnregisteredAddressIsCountedUnroutable()
    {
        var c = new TestCluster(2);
        c.Network.Send(c.Replicas[0], new EndpointAddress(0x01020304, 9), Commit(1));
        c.Network.Run();
        Assert.Equal(1, c.Network.Counters.Unroutable);
        Assert.Equal(0, c.Network.Counters.MessagesDelivered);
    }

    [Fact]
    public void RegisteringTwiceOrSendingUnregisteredIsAnError()
    {
        var network = new SimulatedNetwork(Configuration(3), seed: 1);
        var r = new RecordingReceiver(() => network.Now);
        network.Register(r, 0);
        Assert.Throws<InvalidOperationException>(() => network.Register(r, 1));
        Assert.Throws<InvalidOperationException>(() => network.Register(new RecordingReceiver(() => network.Now), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Register(new RecordingReceiver(() => network.Now), 3));
        Assert.Throws<ArgumentException>(() => network.SendToReplica(new RecordingReceiver(() => network.Now), 0, Commit(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.SendToReplica(r, -1, Commit(1)));
    }

    [Fact]
    public void UnregisteredReplicaLosesFramesInFlightAndItsIndexCanBeRegisteredAgain()
    {
        var c = new TestCluster(2);
        c.Network.SendToReplica(c.Replicas[0], 1, Commit(1));
        Assert.True(c.Network.Unregister(c.Replicas[1]));
        Assert.False(c.Network.Unregister(c.Replicas[1]));
        var rebuilt = new RecordingReceiver(() => c.Network.Now);
        c.Network.Register(rebuilt, 1);
        c.Network.SendToReplica(c.Replicas[0], 1, Commit(2));
        c.Network.Run();

        Assert.Empty(c.Replicas[1].Messages);
        Assert.Equal([2UL], OpsOf(rebuilt));
        Assert.Equal(1, c.Network.Counters.Unroutable);
    }
}
