using Electrode.Vr.Messages;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Wire;

/// <summary>One fully populated instance of every message type in vr.proto (nested entries included).</summary>
internal static class SampleMessages
{
    public static Request Request(ulong client, ulong id, string op) =>
        new() { Op = ByteString.CopyFromUtf8(op), Clientid = client, Clientreqid = id };

    public static IEnumerable<IMessage> All()
    {
        yield return new RequestMessage { Req = Request(7, 1, "put k v") };
        yield return new ReplyMessage { View = 2, Opnum = 41, Reply = ByteString.CopyFromUtf8("ok"), Clientreqid = 1 };
        yield return new UnloggedRequestMessage { Req = new UnloggedRequest { Op = ByteString.CopyFromUtf8("get k"), Clientid = 7, Clientreqid = 2 } };
        yield return new UnloggedReplyMessage { Reply = ByteString.CopyFromUtf8("v") };
        yield return new PrepareMessage { View = 3, Opnum = 12, Batchstart = 10, Request = { Request(1, 1, "a"), Request(2, 5, "b"), Request(3, 9, "c") } };
        yield return new PrepareOKMessage { View = 3, Opnum = 12, ReplicaIdx = 2 };
        yield return new CommitMessage { View = 3, Opnum = 12 };
        yield return new RequestStateTransferMessage { View = 3, Opnum = 4 };
        yield return new StateTransferMessage
        {
            View = 3, Opnum = 6,
            Entries = { new StateTransferMessage.Types.LogEntry { View = 3, Opnum = 5, Request = Request(1, 2, "x"), State = 1, Hash = ByteString.CopyFrom(1, 2, 3) } },
        };
        yield return new StartViewChangeMessage { View = 4, ReplicaIdx = 1, LastCommitted = 11 };
        yield return new DoViewChangeMessage
        {
            View = 4, LastNormalView = 3, LastOp = 12, LastCommitted = 11, ReplicaIdx = 1,
            Entries = { new DoViewChangeMessage.Types.LogEntry { View = 3, Opnum = 12, Request = Request(3, 9, "c") } },
        };
        yield return new StartViewMessage
        {
            View = 4, LastOp = 12, LastCommitted = 11,
            Entries = { new StartViewMessage.Types.LogEntry { View = 3, Opnum = 12, Request = Request(3, 9, "c"), State = 2 } },
        };
        yield return new RecoveryMessage { ReplicaIdx = 2, Nonce = 0xdeadbeefcafe };
        yield return new RecoveryResponseMessage
        {
            View = 4, Nonce = 0xdeadbeefcafe, ReplicaIdx = 0, LastOp = 12, LastCommitted = 11,
            Entries = { new RecoveryResponseMessage.Types.LogEntry { View = 4, Opnum = 12, Request = Request(3, 9, "c"), Hash = ByteString.CopyFrom(9) } },
        };
    }

    /// <summary>A state transfer big enough to need fragments: <paramref name="entries"/> entries of 1 KiB each.</summary>
    public static StateTransferMessage LargeStateTransfer(int entries, int seed)
    {
        var random = new Random(seed);
        var message = new StateTransferMessage { View = 1, Opnum = (ulong)entries };
        for (int i = 0; i < entries; i++)
        {
            var op = new byte[1024];
            random.NextBytes(op);
            message.Entries.Add(new StateTransferMessage.Types.LogEntry
            {
                View = 1, Opnum = (ulong)i + 1,
                Request = new Request { Op = ByteString.CopyFrom(op), Clientid = (ulong)i, Clientreqid = 1 },
            });
        }
        return message;
    }
}
