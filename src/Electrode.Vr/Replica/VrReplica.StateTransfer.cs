using Electrode.Vr.Messages;
using Electrode.Vr.Timing;
using Electrode.Vr.Transport;

namespace Electrode.Vr.Replica;

// State transfer: a follower that sees a gap, or a newer view, fetches the log from the others.
public sealed partial class VrReplica
{
    private readonly RetryTimeout stateTransferTimer;
    private ulong stateTransferFrom;

    /// <summary>Asks every replica for the log after the commit point; one request is outstanding at a time.</summary>
    private void RequestStateTransfer()
    {
        if (awaitingStateTransfer || status == ReplicaStatus.Recovering) return;
        SealFastPath();
        awaitingStateTransfer = true;
        PublishControlState();
        Counters.StateTransfersRequested++;
        SendStateTransferRequest();
        stateTransferTimer.Reset();
    }

    private void RetryStateTransfer()
    {
        if (!awaitingStateTransfer) return;
        Counters.Resends++;
        SendStateTransferRequest();
        stateTransferTimer.Retry();
    }

    private void SendStateTransferRequest()
    {
        stateTransferFrom = lastCommitted;
        transport.SendToAllReplicas(this, new RequestStateTransferMessage { View = view, Opnum = lastCommitted });
    }

    private void HandleRequestStateTransfer(EndpointAddress from, RequestStateTransferMessage message)
    {
        if (status != ReplicaStatus.Normal)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        if (message.View > view)
        {
            RequestStateTransfer();
            return;
        }
        var reply = new StateTransferMessage { View = view, Opnum = lastCommitted };
        reply.Entries.AddRange(log.From(message.Opnum + 1).Take(options.MaxStateTransferEntries).Select(LogEntryMessages.ToStateTransfer));
        transport.Send(this, from, reply);
    }

    /// <summary>
    /// Installs (a prefix of) the log of a replica that is normal in <c>message.View</c>. From a newer view (or
    /// the view this replica is still changing to) it replaces everything after the commit point and the
    /// replica enters that view; from the same view, both logs are prefixes of the leader's, so only the
    /// missing tail is appended. Every reply is installed, but only a reply to the outstanding request (its
    /// entries start where that request asked from) ends the wait; if it was cut short, the sender's commit
    /// point is still ahead and the rest is asked for. Replies to earlier requests thus never multiply requests.
    /// </summary>
    private void HandleStateTransfer(StateTransferMessage message)
    {
        var slice = LogEntryMessages.FromStateTransfer(message.Entries);
        if (slice is null)
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        if (status == ReplicaStatus.Recovering)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        if (message.View < view)
        {
            Counters.Ignore(IgnoreReason.StaleView);
            return;
        }
        var answersRequest = awaitingStateTransfer && (slice.Count == 0 || slice[0].OpNumber == stateTransferFrom + 1);
        var adopt = message.View > view || status == ReplicaStatus.ViewChange;
        if (adopt)
        {
            if (!TryAdoptLog(message.View, message.Opnum, slice)) return;
        }
        else if (!TryAppendTail(message.Opnum, slice))
        {
            return;
        }
        if (answersRequest)
        {
            awaitingStateTransfer = false;
            stateTransferTimer.Answered();
        }
        PublishControlState();
        ApplyPendingPrepares();
        if ((answersRequest || adopt) && message.Opnum > lastCommitted) RequestStateTransfer();
    }

    private bool TryAdoptLog(ulong newView, ulong senderCommitted, List<LogEntry> slice)
    {
        if (config.LeaderOf(newView) == Index)
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return false;
        }
        // An empty slice means the sender's log ends where this replica asked from, at or below its commit point.
        var fits = slice.Count > 0
            ? slice[0].OpNumber <= lastCommitted + 1 && slice[^1].OpNumber >= lastCommitted
            : senderCommitted <= lastCommitted;
        if (!fits)
        {
            Counters.Ignore(IgnoreReason.InsufficientLog);
            return false;
        }
        ReplaceUncommitted(slice);
        EnterView(newView);
        CommitUpTo(Math.Min(senderCommitted, LastOp));
        if (LastOp > lastCommitted) SendPrepareOk(LastOp);
        return true;
    }

    private bool TryAppendTail(ulong senderCommitted, List<LogEntry> slice)
    {
        var tail = slice.Where(e => e.OpNumber > LastOp).ToList();
        if (tail.Count > 0 && tail[0].OpNumber != LastOp + 1)
        {
            Counters.Ignore(IgnoreReason.InsufficientLog);
            return false;
        }
        foreach (var entry in tail) log.Append(entry);
        PublishControlState();
        CommitUpTo(Math.Min(senderCommitted, LastOp));
        if (tail.Count > 0 && !IsLeader) SendPrepareOk(LastOp);
        return true;
    }
}
