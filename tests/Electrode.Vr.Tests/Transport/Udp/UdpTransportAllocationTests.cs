using Electrode.Vr.Messages;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Udp;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Transport.Udp;

/// <summary>The hot path reuses its buffers: sending allocates nothing, receiving only the decoded message.</summary>
public class UdpTransportAllocationTests
{
    private const int Warmup = 200;
    private const int Measured = 1000;
    private static readonly PrepareOKMessage Ok = new() { View = 1, Opnum = 2, ReplicaIdx = 1 };

    [Fact]
    public void SendingSmallMessagesAllocatesNothingPerMessage()
    {
        var config = Loopback.Configuration(2);
        using var transport = new UdpTransport(config, Loopback.Options);
        var sender = new WaitingReceiver();
        transport.Register(sender, 0);
        transport.Register(new WaitingReceiver(), 1);
        for (int i = 0; i < Warmup; i++)
            transport.SendToReplica(sender, 1, Ok);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Measured; i++)
            transport.SendToReplica(sender, 1, Ok);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < Measured, $"{allocated} bytes allocated by {Measured} sends");
    }

    [Fact]
    public void SendingToAllReplicasAllocatesNothingPerMessage()
    {
        var config = Loopback.Configuration(3);
        using var transport = new UdpTransport(config, Loopback.Options);
        var sender = new WaitingReceiver();
        transport.Register(sender, 0);
        transport.Register(new WaitingReceiver(), 1);
        transport.Register(new WaitingReceiver(), 2);
        var commit = new CommitMessage { View = 1, Opnum = 2 };
        for (int i = 0; i < Warmup; i++)
            transport.SendToAllReplicas(sender, commit);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Measured; i++)
            transport.SendToAllReplicas(sender, commit);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < Measured, $"{allocated} bytes allocated by {Measured} sends to two replicas");
    }

    [Fact]
    public void ReceivingAllocatesLittleMoreThanTheDecodedMessages()
    {
        var config = Loopback.Configuration(2);
        using var transport = new UdpTransport(config, Loopback.Options);
        var sender = new WaitingReceiver();
        var stamps = new AllocationStamps(Warmup + Measured);
        transport.Register(sender, 0);
        transport.Register(stamps, 1);
        for (int i = 0; i < Warmup + Measured; i++)
            Assert.True(transport.SendToReplica(sender, 1, Ok));
        transport.Start();

        Assert.True(Loopback.WaitUntil(() => stamps.Count == Warmup + Measured));
        double perMessage = (double)(stamps.At(Warmup + Measured - 1) - stamps.At(Warmup - 1)) / Measured;
        long messageSize = SizeOfOneParsedPrepareOk();
        Assert.True(perMessage <= messageSize + 16, $"{perMessage} bytes per received message; the message itself takes {messageSize}");
    }

    private static long SizeOfOneParsedPrepareOk()
    {
        var body = Ok.ToByteArray();
        PrepareOKMessage.Parser.ParseFrom(body.AsSpan());
        long before = GC.GetAllocatedBytesForCurrentThread();
        PrepareOKMessage.Parser.ParseFrom(body.AsSpan());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Records the loop thread's allocation counter at each receive, into a preallocated array.</summary>
    private sealed class AllocationStamps(int capacity) : ITransportReceiver
    {
        private readonly long[] _stamps = new long[capacity];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public long At(int index) => _stamps[index];

        public void Receive(EndpointAddress from, IMessage message, in ReceiveInfo info)
        {
            if (_count < _stamps.Length)
            {
                _stamps[_count] = GC.GetAllocatedBytesForCurrentThread();
                Volatile.Write(ref _count, _count + 1);
            }
        }
    }
}
