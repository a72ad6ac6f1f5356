using Electrode.Vr.Messages;
using Electrode.Vr.Timing;
using Electrode.Vr.Transport;

namespace Electrode.Vr.Replica;

// Recovery: a replica rebuilt without state asks a quorum, with a fresh nonce, and takes the log of the
// latest view's leader.
public sealed partial class VrReplica
{
    private readonly QuorumSet<ulong, RecoveryResponseMessage> recoveryResponses;
    private readonly RetryTimeout recoveryTimer;
    private readonly Dictionary<uint, (EndpointAddress From, RecoveryMessage Message)> deferredRecoveries = [];
    private ulong recoveryNonce;

    /// <summary>Raised on the transport thread when a recovering replica has relearnt its state and become normal.</summary>
    public event Action? Recovered;

    private void StartRecovery()
    {
        // Nothing to seal: a replica that recovers has lost its log, and Prepares its data plane answered for an earlier
        // incarnation are drained and ignored on the way to publishing this status.
        status = ReplicaStatus.Recovering;
        PublishControlState();
        recoveryNonce = options.NonceSource();
        SendRecovery();
        recoveryTimer.Reset();
    }

    private void ResendRecovery()
    {
        if (status != ReplicaStatus.Recovering) return;
        Counters.Resends++;
        SendRecovery();
        recoveryTimer.Retry();
    }

    private void SendRecovery() =>
        transport.SendToAllReplicas(this, new RecoveryMessage { ReplicaIdx = (uint)Index, Nonce = recoveryNonce });

    private void HandleRecovery(EndpointAddress from, RecoveryMessage message)
    {
        if (!IsOtherReplica(message.ReplicaIdx))
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        if (status == ReplicaStatus.Normal && message.ReplicaIdx == config.LeaderOf(view))
        {
            // The leader of this view restarted without its state and cannot lead it again; waiting for the
            // view-change timeout would only stall the cluster.
            StartViewChange(view + 1);
        }
        if (status != ReplicaStatus.Normal)
        {
            // Answered on entering normal status, rather than leaving the recovering replica to its next resend.
            deferredRecoveries[message.ReplicaIdx] = (from, message);
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        var response = new RecoveryResponseMessage { View = view, Nonce = message.Nonce, ReplicaIdx = (uint)Index };
        if (IsLeader)
        {
            response.LastOp = LastOp;
            response.LastCommitted = lastCommitted;
            response.Entries.AddRange(log.From(1).Select(LogEntryMessages.ToRecoveryResponse));
        }
        transport.Send(this, from, response);
    }

    /// <summary>Answers the Recovery messages that came while this replica was not normal.</summary>
    private void AnswerDeferredRecoveries()
    {
        if (deferredRecoveries.Count == 0) return;
        var deferred = deferredRecoveries.Values.ToList();
        deferredRecoveries.Clear();
        foreach (var (from, message) in deferred) HandleRecovery(from, message);
    }

    /// <summary>
    /// Counts responses to this incarnation's nonce; with a quorum, and the response of the leader of the
    /// highest view among them, installs that leader's whole log and replays the committed part.
    /// </summary>
    private void HandleRecoveryResponse(RecoveryResponseMessage message)
    {
        var slice = LogEntryMessages.FromRecoveryResponse(message.Entries);
        var fromLeader = message.HasLastOp;
        if (slice is null || !IsOtherReplica(message.ReplicaIdx)
            || (fromLeader && (message.LastCommitted > message.LastOp || (ulong)slice.Count != message.LastOp
                               || (slice.Count > 0 && slice[0].OpNumber != 1))))
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        if (status != ReplicaStatus.Recovering)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        if (message.Nonce != recoveryNonce)
        {
            Counters.Ignore(IgnoreReason.StaleView);
            return;
        }
        var responses = recoveryResponses.AddAndCheckForQuorum(recoveryNonce, (int)message.ReplicaIdx, message);
        if (responses is null) return;

        var highestView = responses.Values.Max(r => r.View);
        var leader = config.LeaderOf(highestView);
        if (!responses.TryGetValue(leader, out var leaderResponse) || leaderResponse.View != highestView
            || !leaderResponse.HasLastOp)
            return;

        ReplaceUncommitted(LogEntryMessages.FromRecoveryResponse(leaderResponse.Entries)!);
        EnterView(highestView);
        CommitUpTo(leaderResponse.LastCommitted);
        if (LastOp > lastCommitted) SendPrepareOk(LastOp);
        Recovered?.Invoke();
    }
}
