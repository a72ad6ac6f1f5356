using Electrode.Vr.Messages;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Replica;

/// <summary>Garbage in, no exception out: random (mostly nonsensical) protocol messages thrown at a replica.</summary>
public class RandomMessageTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(1, 4)]
    public void RandomMessagesFromPeers_NeverThrow(int index, int seed)
    {
        var random = new Random(seed);
        var bed = new ReplicaTestBed(index, recovering: seed == 4);

        for (var i = 0; i < 3000; i++)
        {
            var from = random.Next(3);
            var message = RandomMessage(random);
            var exception = Record.Exception(() =>
            {
                bed.Replica.Receive(from == index ? bed.ClientAddress : bed.AddressOf(from), message, new(random.Next(4) == 0, false));
                if (i % 50 == 0) bed.Network.RunFor(TimeSpan.FromMilliseconds(random.Next(1, 3000)));
            });
            Assert.True(exception is null, $"seed {seed}, message {i} ({message.Descriptor.Name} {message}): {exception}");
        }
        Assert.True(bed.Replica.LastCommitted <= bed.Replica.LastOp);
    }

    private static IMessage RandomMessage(Random r)
    {
        ulong Small() => (ulong)r.Next(0, 6);
        uint Index() => (uint)r.Next(0, 4);
        Request Req() => new() { Op = ByteString.CopyFromUtf8($"op{r.Next(100)}"), Clientid = (ulong)r.Next(3), Clientreqid = Small() };
        IEnumerable<(ulong View, ulong Op, Request Request)> Entries()
        {
            var first = Small();
            var count = r.Next(0, 4);
            for (var k = 0; k < count; k++)
                yield return (Small(), r.Next(8) == 0 ? Small() : first + (ulong)k, Req());
        }

        switch (r.Next(12))
        {
            case 0: return new RequestMessage { Req = Req() };
            case 1: return new UnloggedRequestMessage { Req = new UnloggedRequest { Op = ByteString.CopyFromUtf8("u"), Clientid = 1, Clientreqid = 1 } };
            case 2:
            {
                var first = Small();
                var p = new PrepareMessage { View = Small(), Batchstart = first, Opnum = first + Small() };
                for (var k = r.Next(0, 4); k > 0; k--) p.Request.Add(Req());
                return p;
            }
            case 3: return new PrepareOKMessage { View = Small(), Opnum = Small(), ReplicaIdx = Index() };
            case 4: return new CommitMessage { View = Small(), Opnum = Small() };
            case 5: return new RequestStateTransferMessage { View = Small(), Opnum = Small() };
            case 6:
            {
                var m = new StateTransferMessage { View = Small(), Opnum = Small() };
                m.Entries.AddRange(Entries().Select(e => new StateTransferMessage.Types.LogEntry { View = e.View, Opnum = e.Op, Request = e.Request }));
                return m;
            }
            case 7: return new StartViewChangeMessage { View = Small(), ReplicaIdx = Index(), LastCommitted = Small() };
            case 8:
            {
                var m = new DoViewChangeMessage { View = Small(), LastNormalView = Small(), LastOp = Small(), LastCommitted = Small(), ReplicaIdx = Index() };
                m.Entries.AddRange(Entries().Select(e => new DoViewChangeMessage.Types.LogEntry { View = e.View, Opnum = e.Op, Request = e.Request }));
                return m;
            }
            case 9:
            {
                var m = new StartViewMessage { View = Small(), LastOp = Small(), LastCommitted = Small() };
                m.Entries.AddRange(Entries().Select(e => new StartViewMessage.Types.LogEntry { View = e.View, Opnum = e.Op, Request = e.Request }));
                return m;
            }
            case 10: return new RecoveryMessage { ReplicaIdx = Index(), Nonce = Small() };
            default:
            {
                var m = new RecoveryResponseMessage { View = Small(), Nonce = r.Next(2) == 0 ? 42 : Small(), ReplicaIdx = Index() };
                if (r.Next(2) == 0) (m.LastOp, m.LastCommitted) = (Small(), Small());
                m.Entries.AddRange(Entries().Select(e => new RecoveryResponseMessage.Types.LogEntry { View = e.View, Opnum = e.Op, Request = e.Request }));
                return m;
            }
        }
    }
}
