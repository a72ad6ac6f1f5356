using Electrode.Vr.Messages;
using Electrode.Vr.Transport.Udp;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Transport.Udp;

public class UdpTransportMessagingTests
{
    private static CommitMessage Commit(ulong op) => new() { View = 1, Opnum = op };

    [Fact]
    public void ReplicasOnSeparateTransportsExchangeMessagesInOrderOnTheLoopThread()
    {
        var config = Loopback.Configuration(2);
        using var a = new UdpTransport(config, Loopback.Options);
        using var b = new UdpTransport(config, Loopback.Options);
        var r0 = new WaitingReceiver();
        var r1 = new WaitingReceiver();
        var address0 = a.Register(r0, 0);
        b.Register(r1, 1);
        a.Start();
        b.Start();

        for (ulong op = 1; op <= 20; op++)
            Assert.True(a.SendToReplica(r0, 1, Commit(op)));

        Assert.True(r1.WaitFor(20));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (ulong)i), r1.Arrivals.Select(x => ((CommitMessage)x.Message).Opnum));
        Assert.All(r1.Arrivals, x => Assert.Equal(address0, x.From));
        Assert.All(r1.Arrivals, x => Assert.Equal("electrode-udp-loop", x.Thread));
        Assert.Equal(20, b.Counters.MessagesDelivered);
        Assert.Equal(0, b.Counters.MalformedDatagrams);
    }

    [Fact]
    public void AStoppingLoopStillHandlesTheDatagramsItHadAlreadyReceived()
    {
        var config = Loopback.Configuration(2);
        using var a = new UdpTransport(config, Loopback.Options);
        using var b = new UdpTransport(config, Loopback.Options);
        var r0 = new WaitingReceiver();
        var r1 = new WaitingReceiver();
        a.Register(r0, 0);
        b.Register(r1, 1);
        for (ulong op = 1; op <= 5; op++)
            Assert.True(a.SendToReplica(r0, 1, Commit(op)));

        b.Post(b.Stop);
        b.Run();

        Assert.Equal([1ul, 2, 3, 4, 5], r1.Arrivals.Select(x => ((CommitMessage)x.Message).Opnum));
    }

    [Fact]
    public void ClientRequestIsAnsweredAtTheClientsOwnAddress()
    {
        var config = Loopback.Configuration(1);
        using var transport = new UdpTransport(config, Loopback.Options);
        var replica = new WaitingReceiver();
        var client = new WaitingReceiver();
        transport.Register(replica, 0);
        var clientAddress = transport.Register(client, null);
        replica.OnReceive = (from, _) =>
            transport.Send(replica, from, new ReplyMessage { View = 0, Opnum = 1, Reply = ByteString.CopyFromUtf8("done"), Clientreqid = 1 });
        transport.Start();

        var request = new RequestMessage { Req = new Request { Op = ByteString.CopyFromUtf8("op"), Clientid = 5, Clientreqid = 1 } };
        Assert.True(transport.SendToReplica(client, 0, request));

        Assert.True(client.WaitFor(1));
        Assert.Equal(clientAddress, replica.Arrivals.Single().From);
        Assert.Equal("done", ((ReplyMessage)client.Arrivals.Single().Message).Reply.ToStringUtf8());
        Assert.NotEqual(config.Replicas[0].Address.Port, clientAddress.Port);
    }

    [Fact]
    public void SendToAllReplicasReachesEveryOtherReplica()
    {
        var config = Loopback.Configuration(3);
        using var transport = new UdpTransport(config, Loopback.Options);
        var replicas = Enumerable.Range(0, 3).Select(_ => new WaitingReceiver()).ToArray();
        for (int i = 0; i < 3; i++)
            transport.Register(replicas[i], i);
        transport.Start();

        Assert.True(transport.SendToAllReplicas(replicas[1], Commit(4)));

        Assert.True(replicas[0].WaitFor(1) && replicas[2].WaitFor(1));
        Assert.Empty(replicas[1].Arrivals);
    }

    [Fact]
    public void LargeMessageIsFragmentedAndReassembled()
    {
        var config = Loopback.Configuration(2);
        using var transport = new UdpTransport(config, Loopback.Options);
        var r0 = new WaitingReceiver();
        var r1 = new WaitingReceiver();
        transport.Register(r0, 0);
        transport.Register(r1, 1);
        transport.Start();
        var big = Wire.SampleMessages.LargeStateTransfer(200, 9);
        Assert.True(MessageEncoder.GetEncodedLength(big) > 200_000);

        Assert.True(transport.SendToReplica(r0, 1, big));

        Assert.True(r1.WaitFor(1));
        Assert.Equal(big, r1.Arrivals.Single().Message);
        Assert.True(transport.Counters.DatagramsSent >= 23);
    }

    [Fact]
    public void MessageAboveTheReassemblyLimit_IsNotSentAndIsCountedTooLarge()
    {
        var config = Loopback.Configuration(2);
        var limits = ReassemblyLimits.Default with { MaxMessageLength = 50_000 };
        using var transport = new UdpTransport(config, Loopback.Options with { Reassembly = limits });
        var r0 = new WaitingReceiver();
        transport.Register(r0, 0);
        transport.Register(new WaitingReceiver(), 1);
        var big = Wire.SampleMessages.LargeStateTransfer(200, 9);

        Assert.False(transport.SendToReplica(r0, 1, big));

        Assert.Equal(1, transport.Counters.MessagesTooLarge);
        Assert.Equal(0, transport.Counters.DatagramsSent);
    }

    [Fact]
    public void SendingFromAnUnregisteredReceiverIsAnError()
    {
        using var transport = new UdpTransport(Loopback.Configuration(1), Loopback.Options);
        Assert.Throws<ArgumentException>(() => transport.SendToReplica(new WaitingReceiver(), 0, Commit(1)));
    }

    [Fact]
    public void RegisteringTheSameReceiverTwiceIsAnError()
    {
        using var transport = new UdpTransport(Loopback.Configuration(2), Loopback.Options);
        var r = new WaitingReceiver();
        transport.Register(r, 0);
        Assert.Throws<InvalidOperationException>(() => transport.Register(r, 1));
    }

    [Fact]
    public void BindingAReplicaPortInUseGivesAnActionableError()
    {
        var config = Loopback.Configuration(1);
        using var first = new UdpTransport(config, Loopback.Options);
        using var second = new UdpTransport(config, Loopback.Options);
        first.Register(new WaitingReceiver(), 0);
        var error = Assert.Throws<InvalidOperationException>(() => second.Register(new WaitingReceiver(), 0));
        Assert.Contains("replica 0", error.Message);
    }

    [Fact]
    public void UnregisteredReplicaFreesItsPortForARebuiltOne()
    {
        var config = Loopback.Configuration(2);
        using var transport = new UdpTransport(config, Loopback.Options);
        var sender = new WaitingReceiver();
        var old = new WaitingReceiver();
        transport.Register(sender, 0);
        transport.Register(old, 1);
        transport.Start();

        Assert.True(transport.Unregister(old));
        Assert.False(transport.Unregister(old));
        var rebuilt = new WaitingReceiver();
        Assert.Equal(config.Replicas[1].Address, transport.Register(rebuilt, 1));
        transport.SendToReplica(sender, 1, Commit(1));

        Assert.True(rebuilt.WaitFor(1));
        Assert.Empty(old.Arrivals);
        Assert.Throws<ArgumentException>(() => transport.SendToReplica(old, 0, Commit(2)));
    }

    [Fact]
    public void ReceiverThatUnregistersEndpointsWithDatagramsWaitingLeavesTheLoopRunning()
    {
        var config = Loopback.Configuration(3);
        using var transport = new UdpTransport(config, Loopback.Options);
        var sender = new WaitingReceiver();
        var first = new WaitingReceiver();
        var second = new WaitingReceiver();
        transport.Register(sender, 0);
        transport.Register(first, 1);
        transport.Register(second, 2);
        using var unregistered = new ManualResetEventSlim();
        first.OnReceive = (_, _) =>
        {
            transport.Unregister(first);
            transport.Unregister(second);
            unregistered.Set();
        };
        for (ulong op = 1; op <= 3; op++)
        {
            Assert.True(transport.SendToReplica(sender, 1, Commit(op)));
            Assert.True(transport.SendToReplica(sender, 2, Commit(op)));
        }
        transport.Start();

        Assert.True(unregistered.Wait(TimeSpan.FromSeconds(10)));
        var rebuilt = new WaitingReceiver();
        transport.Register(rebuilt, 1);
        Assert.True(transport.SendToReplica(sender, 1, Commit(4)));
        Assert.True(rebuilt.WaitFor(1));
        Assert.Single(first.Arrivals);
        Assert.Equal(0, transport.Counters.CallbackExceptions);
    }
}
