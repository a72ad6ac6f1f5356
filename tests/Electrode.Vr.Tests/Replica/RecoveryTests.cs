using Electrode.Vr.Messages;
using Electrode.Vr.Replica;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Replica;

public class RecoveryTests
{
    [Fact]
    public void RecoveringReplica_AsksEveryoneWithItsNonceAndTakesNoPart()
    {
        var bed = new ReplicaTestBed(index: 2, recovering: true);

        bed.FromReplica(0, ReplicaTestBed.Prepare(0, 1, "a"));

        Assert.Equal(ReplicaStatus.Recovering, bed.Replica.Status);
        Assert.Equal(42ul, Assert.Single(bed.ReceivedBy<RecoveryMessage>(0)).Nonce);
        Assert.Empty(bed.ReceivedBy<PrepareOKMessage>(0));
    }

    [Fact]
    public void QuorumOfResponsesWithTheLeaders_InstallsItsLogAndReplaysTheCommittedPart()
    {
        var bed = new ReplicaTestBed(index: 2, recovering: true);

        bed.FromReplica(0, new RecoveryResponseMessage { View = 4, Nonce = 42, ReplicaIdx = 0 });
        bed.FromReplica(1, new RecoveryResponseMessage { View = 3, Nonce = 42, ReplicaIdx = 1 });
        Assert.Equal(ReplicaStatus.Recovering, bed.Replica.Status);
        bed.FromReplica(1, LeaderResponse(view: 4, nonce: 42, committed: 1, "a", "b"));

        Assert.Equal((ReplicaStatus.Normal, 4ul, 2ul, 1ul), (bed.Replica.Status, bed.Replica.View, bed.Replica.LastOp, bed.Replica.LastCommitted));
        Assert.Equal(["a"], bed.App.Ops);
    }

    [Fact]
    public void ResponseToAnotherNonce_IsIgnored()
    {
        var bed = new ReplicaTestBed(index: 2, recovering: true);

        bed.FromReplica(0, LeaderResponse(view: 0, nonce: 41, committed: 0));
        bed.FromReplica(1, new RecoveryResponseMessage { View = 0, Nonce = 41, ReplicaIdx = 1 });

        Assert.Equal(ReplicaStatus.Recovering, bed.Replica.Status);
        Assert.Equal(2, bed.Replica.Counters.Ignored(IgnoreReason.StaleView));
    }

    [Fact]
    public void NormalLeader_AnswersRecoveryWithItsWholeLog()
    {
        var bed = new ReplicaTestBed(index: 0);
        bed.FromClient(ReplicaTestBed.Request("a"));

        bed.FromReplica(2, new RecoveryMessage { ReplicaIdx = 2, Nonce = 9 });

        var response = Assert.Single(bed.ReceivedBy<RecoveryResponseMessage>(2));
        Assert.Equal((9ul, 0ul, 1ul, 0ul, 1), (response.Nonce, response.View, response.LastOp, response.LastCommitted, response.Entries.Count));
    }

    [Fact]
    public void UnansweredRecovery_IsSentAgain()
    {
        var bed = new ReplicaTestBed(index: 2, recovering: true);

        bed.Network.RunFor(TimeSpan.FromSeconds(5.5));

        Assert.Equal(2, bed.ReceivedBy<RecoveryMessage>(0).Count());
    }

    private static RecoveryResponseMessage LeaderResponse(ulong view, ulong nonce, ulong committed, params string[] ops)
    {
        var message = new RecoveryResponseMessage
        {
            View = view, Nonce = nonce, ReplicaIdx = (uint)(view % 3), LastOp = (ulong)ops.Length, LastCommitted = committed,
        };
        for (var i = 0; i < ops.Length; i++)
            message.Entries.Add(new RecoveryResponseMessage.Types.LogEntry
            {
                View = view, Opnum = (ulong)i + 1,
                Request = new Request { Op = ByteString.CopyFromUtf8(ops[i]), Clientid = 7, Clientreqid = (ulong)i + 1 },
            });
        return message;
    }
}
