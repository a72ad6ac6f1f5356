using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Transport.Udp;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.Transport.Udp;

public class UdpTransportRobustnessTests
{
    [Fact]
    public void SeededRandomDatagramsAreCountedAsMalformedAndDoNotDisturbDelivery()
    {
        var config = Loopback.Configuration(1);
        using var transport = new UdpTransport(config, Loopback.Options);
        var replica = new WaitingReceiver();
        transport.Register(replica, 0);
        transport.Start();
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = Loopback.ToIPEndPoint(config.Replicas[0].Address);
        var random = new Random(1234);
        const int total = 1000;

        for (int sent = 0; sent < total; sent += 100)
        {
            for (int i = 0; i < 100; i++)
            {
                var garbage = new byte[random.Next(0, 600)];
                random.NextBytes(garbage);
                if (garbage.Length >= 4 && random.Next(2) == 0)
                    BinaryPrimitives.WriteUInt32LittleEndian(garbage, WireConstants.Magic);
                else if (garbage.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(garbage) == WireConstants.FragmentMagic)
                    garbage[0] ^= 1;
                attacker.SendTo(garbage, target);
            }
            int expected = sent + 100;
            Assert.True(Loopback.WaitUntil(() => transport.Counters.DatagramsReceived == expected));
        }

        Assert.Equal(total, transport.Counters.MalformedDatagrams);
        Assert.Equal(0, transport.Counters.MessagesDelivered);
        attacker.SendTo(MessageEncoder.EncodeToArray(new CommitMessage { View = 1, Opnum = 1 }), target);
        Assert.True(replica.WaitFor(1));
        Assert.Equal(0, transport.Counters.CallbackExceptions);
    }

    [Fact]
    public void RandomFragmentsNeitherDeliverNorCrash()
    {
        var config = Loopback.Configuration(1);
        using var transport = new UdpTransport(config, Loopback.Options with
        {
            Reassembly = ReassemblyLimits.Default with { MaxBufferedBytes = 1 << 20 },
        });
        var replica = new WaitingReceiver();
        transport.Register(replica, 0);
        transport.Start();
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = Loopback.ToIPEndPoint(config.Replicas[0].Address);
        var random = new Random(99);

        for (int i = 0; i < 300; i++)
        {
            var fragment = new byte[random.Next(DatagramLayout.FragmentHeaderSize, 200)];
            random.NextBytes(fragment);
            BinaryPrimitives.WriteUInt32LittleEndian(fragment, WireConstants.FragmentMagic);
            BinaryPrimitives.WriteUInt64LittleEndian(fragment.AsSpan(12), (ulong)random.Next(0, 5000));
            BinaryPrimitives.WriteUInt64LittleEndian(fragment.AsSpan(20), (ulong)random.Next(1, 5000));
            attacker.SendTo(fragment, target);
            if (i % 100 == 99)
                Assert.True(Loopback.WaitUntil(() => transport.Counters.DatagramsReceived == i + 1));
        }

        attacker.SendTo(MessageEncoder.EncodeToArray(new CommitMessage { View = 1, Opnum = 1 }), target);
        Assert.True(replica.WaitFor(1));
        Assert.IsType<CommitMessage>(Assert.Single(replica.Arrivals).Message);
    }

    [Fact]
    public void KernelBroadcastSendsOneDatagramWithTheBroadcastBitToTheNextReplica()
    {
        var config = Loopback.Configuration(3);
        using var transport = new UdpTransport(config, Loopback.Options with { KernelBroadcast = true });
        var leader = new WaitingReceiver();
        transport.Register(leader, 0);
        using var follower1 = Bound(config.Replicas[1].Address);
        using var follower2 = Bound(config.Replicas[2].Address);

        Assert.True(transport.SendToAllReplicas(leader, new PrepareMessage { View = 1, Opnum = 1, Batchstart = 1 }));

        var buffer = new byte[2048];
        follower1.ReceiveTimeout = (int)Loopback.Patience.TotalMilliseconds;
        int length = follower1.Receive(buffer);
        var decoded = MessageDecoder.TryDecode(buffer.AsSpan(0, length));
        Assert.True(decoded.Header.IsBroadcast);
        Assert.IsType<PrepareMessage>(decoded.Message);
        Assert.Equal(1, transport.Counters.DatagramsSent);
        Assert.Equal(0, follower2.Available);
    }

    [Fact]
    public void KernelBroadcastSendsMessagesOtherThanPrepareAndCommitToEachReplicaWithoutTheBit()
    {
        var config = Loopback.Configuration(3);
        using var transport = new UdpTransport(config, Loopback.Options with { KernelBroadcast = true });
        var leader = new WaitingReceiver();
        transport.Register(leader, 0);
        using var follower1 = Bound(config.Replicas[1].Address);
        using var follower2 = Bound(config.Replicas[2].Address);

        Assert.True(transport.SendToAllReplicas(leader, new RecoveryMessage { ReplicaIdx = 0, Nonce = 9 }));

        var buffer = new byte[2048];
        foreach (var follower in new[] { follower1, follower2 })
        {
            follower.ReceiveTimeout = (int)Loopback.Patience.TotalMilliseconds;
            int length = follower.Receive(buffer);
            var decoded = MessageDecoder.TryDecode(buffer.AsSpan(0, length));
            Assert.False(decoded.Header.IsBroadcast);
            Assert.IsType<RecoveryMessage>(decoded.Message);
        }
        Assert.Equal(2, transport.Counters.DatagramsSent);
    }

    [Fact]
    public void DisposedTransportReleasesItsPortsAndRefusesWork()
    {
        var config = Loopback.Configuration(1);
        var transport = new UdpTransport(config, Loopback.Options);
        var replica = new WaitingReceiver();
        transport.Register(replica, 0);
        transport.Start();
        transport.Dispose();

        Assert.False(transport.SendToReplica(replica, 0, new CommitMessage { View = 1, Opnum = 1 }));
        Assert.Throws<ObjectDisposedException>(() => transport.Register(new WaitingReceiver(), null));
        using var rebound = Bound(config.Replicas[0].Address);
    }

    private static Socket Bound(Electrode.Vr.Transport.EndpointAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(Loopback.ToIPEndPoint(address));
        return socket;
    }
}
