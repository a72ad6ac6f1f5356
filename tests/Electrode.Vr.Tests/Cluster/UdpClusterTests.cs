using System.Buffers.Binary;
using System.Net.Sockets;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Tests.Transport.Udp;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Cluster;

public class UdpClusterTests
{
    [Fact]
    public void ThreeReplicasOnLoopbackServeTenThousandRequestsFromFourClientsAndExecuteIdenticalSequences()
    {
        using var cluster = new UdpReplicaCluster(3);

        var answers = cluster.RunClosedLoop(clients: 4, perClient: 2500);

        AssertEveryReplyEchoesItsOperation(answers);
        Assert.True(cluster.WaitUntilAllCommitted(10_000), "followers did not commit op 10000");
        AssertAllExecutedExactly(cluster.StopAndCollectExecuted(), answers);
    }

    [Fact]
    public void SeededRandomDatagramsAtTheLeaderAreCountedAsMalformedAndLaterRequestsComplete()
    {
        using var cluster = new UdpReplicaCluster(3);
        var garbage = GarbageDatagrams(new Random(20260318), count: 3000);
        Assert.All(garbage, g => Assert.False(MessageDecoder.TryDecode(g).IsSuccess));
        var leader = cluster.TransportCounters(0);
        long deliveredBefore = leader.MessagesDelivered;

        using (var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            var target = Loopback.ToIPEndPoint(cluster.Configuration.Replicas[0].Address);
            for (int sent = 0; sent < garbage.Count; sent += 100)
            {
                foreach (var datagram in garbage.Skip(sent).Take(100))
                    attacker.SendTo(datagram, target);
                int expected = sent + 100;
                Assert.True(Loopback.WaitUntil(() => leader.MalformedDatagrams == expected),
                    $"leader counted {leader.MalformedDatagrams} malformed datagrams, expected {expected}");
            }
        }
        Assert.Equal(deliveredBefore, leader.MessagesDelivered);

        var answers = cluster.RunClosedLoop(clients: 2, perClient: 500);

        AssertEveryReplyEchoesItsOperation(answers);
        Assert.True(cluster.WaitUntilAllCommitted(1000), "followers did not commit op 1000");
        AssertAllExecutedExactly(cluster.StopAndCollectExecuted(), answers);
        Assert.Equal(garbage.Count, leader.MalformedDatagrams);
        Assert.Equal(0, leader.CallbackExceptions);
    }

    /// <summary>
    /// Random bytes, random bytes behind the message magic, and real Request datagrams cut short: none decodes, and
    /// none starts with the fragment magic (fragments are covered by the transport's own tests).
    /// </summary>
    private static List<byte[]> GarbageDatagrams(Random random, int count)
    {
        var request = MessageEncoder.EncodeToArray(new RequestMessage
        {
            Req = new Request { Op = ByteString.CopyFromUtf8("not from a client"), Clientid = 7, Clientreqid = 1 },
        });
        var datagrams = new List<byte[]>(count);
        while (datagrams.Count < count)
        {
            byte[] datagram;
            switch (random.Next(3))
            {
                case 0:
                    datagram = new byte[random.Next(0, 1400)];
                    random.NextBytes(datagram);
                    break;
                case 1:
                    datagram = new byte[random.Next(4, 1400)];
                    random.NextBytes(datagram);
                    BinaryPrimitives.WriteUInt32LittleEndian(datagram, WireConstants.Magic);
                    break;
                default:
                    datagram = request.AsSpan(0, random.Next(0, request.Length)).ToArray();
                    break;
            }
            if (datagram.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(datagram) == WireConstants.FragmentMagic)
                continue;
            datagrams.Add(datagram);
        }
        return datagrams;
    }

    private static void AssertEveryReplyEchoesItsOperation(IReadOnlyList<List<(string Operation, string Reply)>> answers)
    {
        foreach (var (operation, reply) in answers.SelectMany(a => a))
            Assert.Equal("reply: " + operation, reply);
    }

    /// <summary>
    /// Every replica executed the same sequence, which holds each client's operations exactly once and in the
    /// order that client sent them.
    /// </summary>
    private static void AssertAllExecutedExactly(IReadOnlyList<IReadOnlyList<string>> executed,
        IReadOnlyList<List<(string Operation, string Reply)>> answers)
    {
        var reference = executed[0];
        for (int i = 1; i < executed.Count; i++)
            Assert.True(reference.SequenceEqual(executed[i]), $"replica {i} executed a different sequence than replica 0");
        int total = answers.Sum(a => a.Count);
        Assert.Equal(total, reference.Count);
        Assert.Equal(total, reference.Distinct().Count());
        for (int c = 0; c < answers.Count; c++)
        {
            string prefix = $"c{c}-";
            Assert.Equal(answers[c].Select(a => a.Operation), reference.Where(op => op.StartsWith(prefix, StringComparison.Ordinal)));
        }
    }
}
