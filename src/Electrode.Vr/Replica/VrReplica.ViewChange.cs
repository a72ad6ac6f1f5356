using Electrode.Vr.Messages;
using Electrode.Vr.Timing;

namespace Electrode.Vr.Replica;

// View change: StartViewChange -> DoViewChange (to the new leader) -> StartView.
public sealed partial class VrReplica
{
    private readonly QuorumSet<ulong, StartViewChangeMessage> startViewChanges;
    private readonly QuorumSet<ulong, DoViewChangeMessage> doViewChanges;
    private readonly TransportTimeout viewChangeTimer;
    private readonly RetryTimeout viewChangeResendTimer;

    /// <summary>Leaves normal status (the data plane sealed first, so it stops answering) and proposes <paramref name="newView"/>.</summary>
    private void StartViewChange(ulong newView)
    {
        if (status == ReplicaStatus.Recovering) return;
        SealFastPath();
        status = ReplicaStatus.ViewChange;
        view = newView;
        PublishControlState();
        Counters.ViewChangesStarted++;
        nullCommitTimer.Stop();
        commitAnnouncementTimer?.Stop();
        resendPrepareTimer.Stop();
        closeBatchTimer.Stop();
        viewChangeTimer.Reset();
        viewChangeResendTimer.Reset();
        SendStartViewChange();
    }

    private void SendStartViewChange() =>
        transport.SendToAllReplicas(this,
            new StartViewChangeMessage { View = view, ReplicaIdx = (uint)Index, LastCommitted = lastCommitted });

    /// <summary>Repeats this replica's part of an unfinished view change, in case its messages were lost.</summary>
    private void ResendViewChange()
    {
        if (status != ReplicaStatus.ViewChange) return;
        Counters.Resends++;
        SendStartViewChange();
        if (!IsLeader && startViewChanges.Get(view).Count >= startViewChanges.Needed) SendDoViewChange();
        viewChangeResendTimer.Retry();
    }

    private void HandleStartViewChange(StartViewChangeMessage message)
    {
        if (!IsOtherReplica(message.ReplicaIdx))
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        if (!ShouldJoinViewChange(message.View)) return;
        if (startViewChanges.AddAndCheckForQuorum(view, (int)message.ReplicaIdx, message) is not null && !IsLeader)
            SendDoViewChange();
    }

    /// <summary>Moves to the view change of <paramref name="messageView"/> when it is newer; false when the message is stale or moot.</summary>
    private bool ShouldJoinViewChange(ulong messageView)
    {
        if (status == ReplicaStatus.Recovering || (messageView == view && status == ReplicaStatus.Normal))
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return false;
        }
        if (messageView < view)
        {
            Counters.Ignore(IgnoreReason.StaleView);
            return false;
        }
        if (messageView > view) StartViewChange(messageView);
        return true;
    }

    /// <summary>Sends the new leader this replica's log from the lowest commit point it knows of onwards.</summary>
    private void SendDoViewChange()
    {
        var from = startViewChanges.Get(view).Values.Select(m => m.LastCommitted).Append(lastCommitted).Min();
        var message = new DoViewChangeMessage
        {
            View = view,
            LastNormalView = lastNormalView,
            LastOp = LastOp,
            LastCommitted = lastCommitted,
            ReplicaIdx = (uint)Index,
        };
        message.Entries.AddRange(log.From(from + 1).Select(LogEntryMessages.ToDoViewChange));
        transport.SendToReplica(this, config.LeaderOf(view), message);
    }

    private void HandleDoViewChange(DoViewChangeMessage message)
    {
        var slice = LogEntryMessages.FromDoViewChange(message.Entries);
        if (slice is null || !IsOtherReplica(message.ReplicaIdx) || message.LastCommitted > message.LastOp
            || message.LastNormalView >= message.View || (slice.Count > 0 && slice[^1].OpNumber != message.LastOp))
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        if (config.LeaderOf(message.View) != Index)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        if (message.View == view && status == ReplicaStatus.Normal)
        {
            // The sender missed this view's StartView: send it again, to it alone.
            transport.SendToReplica(this, (int)message.ReplicaIdx, BuildStartView(message.LastCommitted));
            return;
        }
        if (!ShouldJoinViewChange(message.View)) return;
        var votes = doViewChanges.AddAndCheckForQuorum(view, (int)message.ReplicaIdx, message);
        if (votes is not null) TryCompleteViewChange(votes);
    }

    /// <summary>As the new leader with a quorum of DoViewChanges: installs the most recent log, enters the view, announces it.</summary>
    private void TryCompleteViewChange(IReadOnlyDictionary<int, DoViewChangeMessage> votes)
    {
        DoViewChangeMessage? best = null;
        var (bestView, bestOp) = (lastNormalView, LastOp);
        foreach (var vote in votes.Values)
        {
            if (vote.LastNormalView > bestView || (vote.LastNormalView == bestView && vote.LastOp > bestOp))
                (best, bestView, bestOp) = (vote, vote.LastNormalView, vote.LastOp);
        }
        if (best is not null)
        {
            var slice = LogEntryMessages.FromDoViewChange(best.Entries)!;
            var reachesBack = slice.Count > 0 ? slice[0].OpNumber <= lastCommitted + 1 : best.LastOp <= lastCommitted;
            if (!reachesBack || best.LastOp < lastCommitted)
            {
                // Its log starts above this replica's commit point: tell it that point, and it sends more.
                Counters.Ignore(IgnoreReason.InsufficientLog);
                transport.SendToReplica(this, (int)best.ReplicaIdx,
                    new StartViewChangeMessage { View = view, ReplicaIdx = (uint)Index, LastCommitted = lastCommitted });
                return;
            }
            ReplaceUncommitted(slice);
        }

        var commitPoint = Math.Min(LastOp, votes.Values.Select(v => v.LastCommitted).Append(lastCommitted).Max());
        var lowestCommit = votes.Values.Select(v => v.LastCommitted)
            .Concat(startViewChanges.Get(view).Values.Select(s => s.LastCommitted))
            .Append(lastCommitted).Min();
        EnterView(view);
        CommitUpTo(commitPoint);
        UpdateBatchProgress();
        transport.SendToAllReplicas(this, BuildStartView(lowestCommit));
    }

    private StartViewMessage BuildStartView(ulong knownCommitted)
    {
        var message = new StartViewMessage { View = view, LastOp = LastOp, LastCommitted = lastCommitted };
        message.Entries.AddRange(log.From(Math.Min(knownCommitted, lastCommitted) + 1).Select(LogEntryMessages.ToStartView));
        return message;
    }

    private void HandleStartView(StartViewMessage message)
    {
        var slice = LogEntryMessages.FromStartView(message.Entries);
        if (slice is null || message.LastCommitted > message.LastOp || config.LeaderOf(message.View) == Index
            || (slice.Count > 0 && slice[^1].OpNumber != message.LastOp))
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        if (status == ReplicaStatus.Recovering || (message.View == view && status == ReplicaStatus.Normal))
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        if (message.View < view)
        {
            Counters.Ignore(IgnoreReason.StaleView);
            return;
        }
        var reachesBack = slice.Count > 0
            ? slice[0].OpNumber <= lastCommitted + 1 && message.LastOp >= lastCommitted
            : message.LastOp == lastCommitted;
        if (!reachesBack)
        {
            Counters.Ignore(IgnoreReason.InsufficientLog);
            RequestStateTransfer();
            return;
        }
        ReplaceUncommitted(slice);
        EnterView(message.View);
        CommitUpTo(Math.Min(message.LastCommitted, LastOp));
        if (LastOp > lastCommitted) SendPrepareOk(LastOp);
        ApplyPendingPrepares();
    }
}
