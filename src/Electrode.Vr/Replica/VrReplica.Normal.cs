using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.Messages;
using Electrode.Vr.Timing;
using Electrode.Vr.Transport;
using Google.Protobuf;

namespace Electrode.Vr.Replica;

// Normal operation: requests, batching, Prepare/PrepareOK/Commit, heartbeats.
public sealed partial class VrReplica
{
    private readonly PrepareOkTracker acks;
    private readonly List<PrepareMessage> pendingPrepares = [];
    private readonly TransportTimeout closeBatchTimer;
    private readonly TransportTimeout nullCommitTimer;
    private readonly TransportTimeout? commitAnnouncementTimer;
    private ulong lastAnnouncedCommit;
    private readonly RetryTimeout resendPrepareTimer;
    private ulong lastBatchEnd;
    private bool batchOutstanding;

    private void HandleRequest(EndpointAddress from, RequestMessage message)
    {
        var request = message.Req;
        if (request is null || !request.HasOp || !request.HasClientid || !request.HasClientreqid)
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        clients.RememberAddress(request.Clientid, from);
        if (Status != ReplicaStatus.Normal || !IsLeader)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        switch (clients.Classify(request, out var cachedReply))
        {
            case RequestDisposition.Executed:
                transport.Send(this, from, new ReplyMessage(cachedReply!) { View = view });
                return;
            case RequestDisposition.Stale or RequestDisposition.InProgress:
                Counters.Ignore(IgnoreReason.DuplicateRequest);
                return;
        }

        log.Append(new LogEntry(view, LastOp + 1, request));
        clients.MarkInProgress(request);
        PublishControlState();
        if (!batchOutstanding || LastOp - lastBatchEnd >= (ulong)options.BatchSize)
            CloseBatch();
        else
            closeBatchTimer.Start();
        nullCommitTimer.Reset();
    }

    private void HandleUnloggedRequest(EndpointAddress from, UnloggedRequestMessage message)
    {
        if (message.Req is not { HasOp: true } request)
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        if (status != ReplicaStatus.Normal)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        var result = app.ExecuteUnlogged(request.Op.Span);
        transport.Send(this, from, new UnloggedReplyMessage { Reply = ByteString.CopyFrom(result) });
    }

    /// <summary>Sends the leader's not yet prepared requests as one Prepare.</summary>
    private void CloseBatch()
    {
        closeBatchTimer.Stop();
        if (!IsLeader || status != ReplicaStatus.Normal || LastOp <= lastBatchEnd) return;
        transport.SendToAllReplicas(this, BuildPrepare(lastBatchEnd + 1, LastOp));
        lastBatchEnd = LastOp;
        batchOutstanding = true;
        resendPrepareTimer.Reset();
        if (config.QuorumSize == 1) CommitAsLeader(LastOp);
    }

    private PrepareMessage BuildPrepare(ulong first, ulong last)
    {
        var prepare = new PrepareMessage { View = view, Batchstart = first, Opnum = last };
        for (var op = first; op <= last; op++) prepare.Request.Add(log.Find(op)!.Request);
        return prepare;
    }

    /// <summary>Sends every prepared but uncommitted op again, so followers that missed a Prepare catch up without a state transfer.</summary>
    private void ResendPrepare()
    {
        if (!IsLeader || status != ReplicaStatus.Normal || lastCommitted >= lastBatchEnd) return;
        transport.SendToAllReplicas(this, BuildPrepare(lastCommitted + 1, lastBatchEnd));
        Counters.Resends++;
        resendPrepareTimer.Retry();
    }

    private void SendNullCommit()
    {
        if (!IsLeader || status != ReplicaStatus.Normal) return;
        SendCommit();
    }

    /// <summary>
    /// Tells the followers the commit point now, unless a Commit went out less than
    /// <see cref="ReplicaOptions.CommitAnnouncementInterval"/> ago: the interval's end then announces it.
    /// </summary>
    private void AnnounceCommit()
    {
        if (commitAnnouncementTimer is null)
        {
            SendCommit();
            return;
        }
        if (commitAnnouncementTimer.IsActive) return;
        SendCommit();
        commitAnnouncementTimer.Start();
    }

    /// <summary>The end of a commit announcement interval: announces what was committed during it, if anything.</summary>
    private void AnnounceDeferredCommit()
    {
        if (!IsLeader || status != ReplicaStatus.Normal || lastCommitted <= lastAnnouncedCommit) return;
        SendCommit();
        commitAnnouncementTimer!.Start();
    }

    private void SendCommit()
    {
        transport.SendToAllReplicas(this, new CommitMessage { View = view, Opnum = lastCommitted });
        lastAnnouncedCommit = lastCommitted;
        nullCommitTimer.Reset();
    }

    /// <summary>
    /// Handles a Prepare from the network (<paramref name="acknowledge"/> true) or one the data plane handed over
    /// after answering it itself (false).
    /// </summary>
    private void HandlePrepare(PrepareMessage message, bool acknowledge)
    {
        if (!IsWellFormed(message))
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        if (!acknowledge && (message.View != view || status != ReplicaStatus.Normal || message.Batchstart > LastOp + 1))
            Counters.HandedOverOutOfOrder++;
        if (!ShouldFollow(message.View)) return;
        if (message.View > view || status != ReplicaStatus.Normal)
        {
            KeepPending(message);
            RequestStateTransfer();
            return;
        }
        if (ConflictsWithLog(message))
        {
            Counters.Ignore(IgnoreReason.ConflictingEntry);
            return;
        }
        viewChangeTimer.Reset();
        if (message.Opnum <= LastOp)
        {
            if (acknowledge) SendPrepareOk(message.Opnum);
            return;
        }
        if (message.Batchstart > LastOp + 1)
        {
            KeepPending(message);
            RequestStateTransfer();
            return;
        }
        AppendPrepared(message);
        if (acknowledge) SendPrepareOk(message.Opnum);
        ApplyPendingPrepares();
    }

    /// <summary>
    /// Decides whether a Prepare or Commit of <paramref name="messageView"/> concerns this replica as a follower.
    /// A newer view, or this view while this replica is still changing views, means it has missed a StartView
    /// and must catch up; an older view is stale; the leader gets no Prepares or Commits in its own view.
    /// </summary>
    private bool ShouldFollow(ulong messageView)
    {
        if (status == ReplicaStatus.Recovering)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return false;
        }
        if (messageView < view)
        {
            Counters.Ignore(IgnoreReason.StaleView);
            return false;
        }
        if (messageView == view && status == ReplicaStatus.Normal && IsLeader)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return false;
        }
        return true;
    }

    /// <summary>True when the Prepare assigns to an op this replica holds a request other than the one it holds.</summary>
    private bool ConflictsWithLog(PrepareMessage message)
    {
        for (var op = message.Batchstart; op <= Math.Min(message.Opnum, LastOp); op++)
        {
            var held = log.Find(op)!.Request;
            var prepared = message.Request[(int)(op - message.Batchstart)];
            if (held.Clientid != prepared.Clientid || held.Clientreqid != prepared.Clientreqid || held.Op != prepared.Op)
                return true;
        }
        return false;
    }

    private static bool IsWellFormed(PrepareMessage message) =>
        message.Batchstart >= 1 && message.Batchstart <= message.Opnum
        && (ulong)message.Request.Count == message.Opnum - message.Batchstart + 1;

    private void AppendPrepared(PrepareMessage message)
    {
        for (var op = LastOp + 1; op <= message.Opnum; op++)
            log.Append(new LogEntry(message.View, op, message.Request[(int)(op - message.Batchstart)]));
        PublishControlState();
    }

    private void KeepPending(PrepareMessage message)
    {
        pendingPrepares.Add(message);
        if (pendingPrepares.Count > options.MaxPendingPrepares) pendingPrepares.RemoveAt(0);
    }

    /// <summary>Appends every kept Prepare that now follows the log, and acknowledges the new end of the log.</summary>
    private void ApplyPendingPrepares()
    {
        if (pendingPrepares.Count == 0 || status != ReplicaStatus.Normal || IsLeader) return;
        pendingPrepares.RemoveAll(p => p.View < view || p.Opnum <= LastOp);
        var appended = false;
        bool progress;
        do
        {
            progress = false;
            foreach (var prepare in pendingPrepares.Where(p => p.View == view && p.Batchstart <= LastOp + 1 && p.Opnum > LastOp).ToList())
            {
                AppendPrepared(prepare);
                appended = progress = true;
            }
            pendingPrepares.RemoveAll(p => p.View == view && p.Opnum <= LastOp);
        } while (progress);
        if (appended) SendPrepareOk(LastOp);
    }

    private void HandlePrepareOk(EndpointAddress from, PrepareOKMessage message, in ReceiveInfo info)
    {
        if (!IsOtherReplica(message.ReplicaIdx) || from != config.Replicas[(int)message.ReplicaIdx].Address)
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        if (status != ReplicaStatus.Normal)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        if (message.View < view)
        {
            Counters.Ignore(IgnoreReason.StaleView);
            return;
        }
        if (message.View > view)
        {
            RequestStateTransfer();
            return;
        }
        if (!IsLeader)
        {
            Counters.Ignore(IgnoreReason.NotApplicable);
            return;
        }
        if (message.Opnum > LastOp)
        {
            Counters.Ignore(IgnoreReason.Malformed);
            return;
        }
        var quorumPoint = acks.RecordAndGetQuorumPoint((int)message.ReplicaIdx, message.Opnum, LastOp);
        if (info.Certified && fastPath.Capabilities.HasFlag(FastPaths.QuorumPrune))
            quorumPoint = Math.Max(quorumPoint, message.Opnum);
        if (quorumPoint > lastCommitted) CommitAsLeader(quorumPoint);
    }

    /// <summary>Commits through <paramref name="quorumPoint"/>, tells the followers, and moves batching on.</summary>
    private void CommitAsLeader(ulong quorumPoint)
    {
        CommitUpTo(quorumPoint);
        AnnounceCommit();
        UpdateBatchProgress();
    }

    /// <summary>Once the outstanding batch is committed, sends the next one at once (adaptive batching).</summary>
    private void UpdateBatchProgress()
    {
        batchOutstanding = lastCommitted < lastBatchEnd;
        if (batchOutstanding)
        {
            resendPrepareTimer.Start();
            return;
        }
        resendPrepareTimer.Answered();
        if (LastOp > lastBatchEnd) CloseBatch();
    }

    private void HandleCommit(CommitMessage message)
    {
        if (!ShouldFollow(message.View)) return;
        if (message.View > view || status != ReplicaStatus.Normal)
        {
            RequestStateTransfer();
            return;
        }
        viewChangeTimer.Reset();
        CommitUpTo(Math.Min(message.Opnum, LastOp));
        if (message.Opnum > LastOp) RequestStateTransfer();
    }
}
