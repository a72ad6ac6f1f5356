using Electrode.Vr.Apps;
using Electrode.Vr.FastPath;
using Electrode.Vr.Messages;
using Electrode.Vr.Timing;
using Electrode.Vr.Transport;
using Google.Protobuf;

namespace Electrode.Vr.Replica;

/// <summary>
/// A Viewstamped Replication replica: normal operation with batching, client table, unlogged requests,
/// state transfer, view change and recovery. Runs entirely on its transport's thread.
/// </summary>
/// <remarks>
/// The protocol is split by concern: this file holds state, dispatch and execution; the partial files
/// hold normal operation, state transfer, view change and recovery. A malformed or unexpected message is
/// counted in <see cref="Counters"/> and dropped.
/// </remarks>
public sealed partial class VrReplica : ITransportReceiver, IDisposable
{
    private readonly ITransport transport;
    private readonly ClusterConfiguration config;
    private readonly IApp app;
    private readonly ReplicaOptions options;
    private readonly IFastPath fastPath;
    private readonly ReplicaLog log = new();
    private readonly ClientTable clients = new();
    private readonly List<Action> stopTimers = [];
    private readonly RoundTripEstimator? peerRoundTrips;

    // Drained before every message and timer: one delegate for the replica's life, not one per event.
    private readonly Action<PrepareMessage> appendHandedOver;

    private ReplicaStatus status;
    private ulong view;
    private ulong lastNormalView;
    private ulong lastCommitted;
    private bool awaitingStateTransfer;
    private ReplicaState? lastPublished;
    private bool publishing;
    private bool disposed;

    /// <summary>
    /// Creates replica <paramref name="index"/> and attaches it to <paramref name="transport"/>. A replica
    /// created with <paramref name="recovering"/> has lost its state (fresh application) and relearns it
    /// from the others before taking part.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the configuration, or an option is out of range.</exception>
    public VrReplica(ITransport transport, int index, IApp app, ReplicaOptions? options = null,
        IFastPath? fastPath = null, bool recovering = false)
    {
        config = transport.Configuration;
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, config.Count);
        this.options = options ?? new ReplicaOptions();
        this.options.Validate();
        this.transport = transport;
        this.app = app;
        this.fastPath = fastPath ?? new NoFastPath();
        Index = index;
        appendHandedOver = AppendHandedOver;
        acks = new PrepareOkTracker(config.Count, index, config.QuorumSize);
        // Both view-change sets hold the others' votes; with this replica's own they make a quorum.
        startViewChanges = new QuorumSet<ulong, StartViewChangeMessage>(config.QuorumSize - 1);
        doViewChanges = new QuorumSet<ulong, DoViewChangeMessage>(config.QuorumSize - 1);
        // A recovering replica has no vote of its own; the responders must meet every quorum (f + 1 when n = 2f + 1).
        recoveryResponses = new QuorumSet<ulong, RecoveryResponseMessage>(config.Count - config.QuorumSize + 1);

        peerRoundTrips = this.options.PeerRetry?.NewEstimator();
        closeBatchTimer = NewTimeout(this.options.CloseBatchTimeout, CloseBatch);
        nullCommitTimer = NewTimeout(this.options.NullCommitTimeout, SendNullCommit);
        commitAnnouncementTimer = this.options.CommitAnnouncementInterval > TimeSpan.Zero
            ? NewTimeout(this.options.CommitAnnouncementInterval, AnnounceDeferredCommit)
            : null;
        viewChangeTimer = NewTimeout(this.options.ViewChangeTimeout, () => StartViewChange(view + 1));
        resendPrepareTimer = NewRetryTimeout(this.options.ResendPrepareTimeout, ResendPrepare);
        viewChangeResendTimer = NewRetryTimeout(this.options.ViewChangeResendInterval, ResendViewChange);
        stateTransferTimer = NewRetryTimeout(this.options.StateTransferRetryInterval, RetryStateTransfer);
        recoveryTimer = NewRetryTimeout(this.options.RecoveryResendInterval, ResendRecovery);

        transport.Register(this, index);
        if (this.fastPath is IHandOverSignal signal) signal.PreparesHandedOver += PollFastPath;
        if (recovering)
        {
            StartRecovery();
        }
        else
        {
            EnterView(0);
        }
    }

    /// <summary>This replica's index in the configuration.</summary>
    public int Index { get; }

    /// <summary>Current status; <see cref="ReplicaStatus.StateTransfer"/> while a state transfer is outstanding.</summary>
    public ReplicaStatus Status =>
        status == ReplicaStatus.Normal && awaitingStateTransfer ? ReplicaStatus.StateTransfer : status;

    /// <summary>Current view.</summary>
    public ulong View => view;

    /// <summary>Number of the last operation in the log.</summary>
    public ulong LastOp => log.LastOpNumber;

    /// <summary>Number of the last committed (and executed) operation.</summary>
    public ulong LastCommitted => lastCommitted;

    /// <summary>True when this replica leads its current view.</summary>
    public bool IsLeader => config.LeaderOf(view) == Index;

    /// <summary>What this replica dropped or noticed.</summary>
    public ReplicaCounters Counters { get; } = new();

    /// <summary>Digest of the whole log (<see cref="ReplicaLog.Digest"/>): equal on replicas that hold the same ops.</summary>
    public string LogDigest => log.Digest(LastOp);

    /// <summary>Digest of the committed prefix of the log.</summary>
    public string CommittedDigest => log.Digest(lastCommitted);

    /// <summary>The log entry numbered <paramref name="opNumber"/>, or null.</summary>
    public LogEntry? FindEntry(ulong opNumber) => log.Find(opNumber);

    /// <inheritdoc />
    public void Receive(EndpointAddress from, IMessage message, in ReceiveInfo info)
    {
        if (disposed) return;
        DrainFastPath();
        switch (message)
        {
            case RequestMessage m: HandleRequest(from, m); break;
            case UnloggedRequestMessage m: HandleUnloggedRequest(from, m); break;
            case PrepareMessage m: HandlePrepare(m, acknowledge: true); break;
            case PrepareOKMessage m: HandlePrepareOk(from, m, info); break;
            case CommitMessage m: HandleCommit(m); break;
            case RequestStateTransferMessage m: HandleRequestStateTransfer(from, m); break;
            case StateTransferMessage m: HandleStateTransfer(m); break;
            case StartViewChangeMessage m: HandleStartViewChange(m); break;
            case DoViewChangeMessage m: HandleDoViewChange(m); break;
            case StartViewMessage m: HandleStartView(m); break;
            case RecoveryMessage m: HandleRecovery(from, m); break;
            case RecoveryResponseMessage m: HandleRecoveryResponse(m); break;
            default: Counters.Ignore(IgnoreReason.UnexpectedType); break;
        }
        PublishControlState();
    }

    /// <summary>Appends the Prepares the data plane handed over; call when it signals that some are waiting.</summary>
    public void PollFastPath()
    {
        if (disposed) return;
        DrainFastPath();
        PublishControlState();
    }

    /// <summary>Stops every timer, detaches from the data plane's signal and from the transport (the replica is gone).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var stop in stopTimers) stop();
        if (fastPath is IHandOverSignal signal) signal.PreparesHandedOver -= PollFastPath;
        transport.Unregister(this);
    }

    private TransportTimeout NewTimeout(TimeSpan period, Action onExpiry)
    {
        var timeout = new TransportTimeout(transport, period, AsTimerEvent(onExpiry));
        stopTimers.Add(timeout.Stop);
        return timeout;
    }

    /// <summary>A timer waiting on peers: the reference's fixed <paramref name="referencePeriod"/>, or the measured round trips.</summary>
    private RetryTimeout NewRetryTimeout(TimeSpan referencePeriod, Action onExpiry)
    {
        var estimator = peerRoundTrips ?? RetryTimeouts.Fixed(referencePeriod).NewEstimator();
        var timeout = new RetryTimeout(transport, estimator, AsTimerEvent(onExpiry));
        stopTimers.Add(timeout.Stop);
        return timeout;
    }

    private Action AsTimerEvent(Action onExpiry) => () =>
    {
        if (disposed) return;
        DrainFastPath();
        onExpiry();
        PublishControlState();
    };

    private void DrainFastPath() => fastPath.DrainHandedOverPrepares(appendHandedOver);

    private void AppendHandedOver(PrepareMessage prepare) => HandlePrepare(prepare, acknowledge: false);

    /// <summary>Publishes the replica's state to the data plane (when it changed).</summary>
    private void PublishControlState() => PublishToFastPath(seal: false);

    /// <summary>
    /// Stops the data plane answering Prepares for this replica, with every Prepare it answered drained into the log
    /// while the replica is still in the state the data plane answered for. Called before the replica leaves normal
    /// status or replaces its log: after it, the replica may speak in its new status (DoViewChange, a state transfer,
    /// recovery) knowing that no acknowledgement was given in its name for an op missing from its log.
    /// </summary>
    private void SealFastPath() => PublishToFastPath(seal: true);

    /// <summary>
    /// Publishes the current state (with a non-normal status when <paramref name="seal"/>ing). When the data plane
    /// acknowledged Prepares meanwhile, drains them and publishes the state they left. Inside that drain, appending
    /// publishes again: the loop below publishes the state the drain leaves, so nested calls return at once.
    /// </summary>
    private void PublishToFastPath(bool seal)
    {
        if (publishing) return;
        publishing = true;
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                var state = CurrentState();
                if (seal && state.Status == ReplicaStatus.Normal) state = state with { Status = ReplicaStatus.ViewChange };
                if (state == lastPublished) return;
                if (fastPath.PublishControlState(state) == ControlPublication.Published)
                {
                    lastPublished = state;
                    return;
                }
                if (attempt == MaxPublishAttempts)
                    throw new FastPathStalledException(
                        $"replica {Index}: the data plane acknowledged new Prepares on each of {MaxPublishAttempts} attempts to publish {state}");
                Counters.PublicationsRetried++;
                DrainFastPath();
            }
        }
        finally
        {
            publishing = false;
        }
    }

    /// <summary>
    /// Publications in a row that may find new acknowledgements before giving up: each one drains first, so only a data
    /// plane that keeps answering faster than a drain and an exchange (or a broken one) reaches it.
    /// </summary>
    private const int MaxPublishAttempts = 10_000;

    private ReplicaState CurrentState() => new(Status, view, LastOp, lastCommitted, Index, config.Count, config.QuorumSize);

    /// <summary>Executes the log through <paramref name="upTo"/> in order; the leader answers the clients.</summary>
    private void CommitUpTo(ulong upTo)
    {
        while (lastCommitted < upTo)
        {
            var entry = log.Find(lastCommitted + 1)
                ?? throw new InvalidOperationException($"replica {Index}: op {lastCommitted + 1} to commit is not in the log");
            lastCommitted++;
            var result = app.Execute(entry.OpNumber, entry.Request.Op.Span);
            var reply = new ReplyMessage
            {
                View = view,
                Opnum = entry.OpNumber,
                Reply = ByteString.CopyFrom(result),
                Clientreqid = entry.Request.Clientreqid,
            };
            clients.RecordExecuted(entry.Request, reply);
            if (IsLeader && status == ReplicaStatus.Normal && clients.TryGetAddress(entry.Request.Clientid, out var client))
                transport.Send(this, client, reply);
        }
        PublishControlState();
    }

    /// <summary>Replaces the log after the committed prefix with <paramref name="slice"/> (entries at or below the commit point are skipped).</summary>
    private void ReplaceUncommitted(IEnumerable<LogEntry> slice)
    {
        SealFastPath();
        log.TruncateAfter(lastCommitted);
        foreach (var entry in slice)
            if (entry.OpNumber > lastCommitted) log.Append(entry);
        PublishControlState();
    }

    private void SendPrepareOk(ulong opNumber) =>
        transport.SendToReplica(this, config.LeaderOf(view),
            new PrepareOKMessage { View = view, Opnum = opNumber, ReplicaIdx = (uint)Index });

    private bool IsOtherReplica(uint replicaIndex) => replicaIndex < config.Count && replicaIndex != Index;

    /// <summary>Becomes normal in <paramref name="newView"/>, with the log as it stands, and arms the timers of its role.</summary>
    private void EnterView(ulong newView)
    {
        view = newView;
        status = ReplicaStatus.Normal;
        lastNormalView = newView;
        awaitingStateTransfer = false;
        PublishControlState();

        stateTransferTimer.Stop();
        viewChangeResendTimer.Stop();
        recoveryTimer.Stop();
        closeBatchTimer.Stop();
        startViewChanges.Clear();
        doViewChanges.Clear();
        recoveryResponses.Clear();
        acks.Reset();
        pendingPrepares.RemoveAll(p => p.View < newView);

        if (IsLeader)
        {
            viewChangeTimer.Stop();
            nullCommitTimer.Reset();
            clients.ResetInProgress(log.From(lastCommitted + 1));
            lastBatchEnd = LastOp;
            UpdateBatchProgress();
        }
        else
        {
            viewChangeTimer.Reset();
            nullCommitTimer.Stop();
            commitAnnouncementTimer?.Stop();
            resendPrepareTimer.Stop();
        }
        AnswerDeferredRecoveries();
    }
}
