using System.Security.Cryptography;
using Electrode.Vr.Timing;

namespace Electrode.Vr.Replica;

/// <summary>Tuning of a replica. The defaults are those of the reference implementation.</summary>
public sealed record ReplicaOptions
{
    /// <summary>Most requests the leader puts in one Prepare; 1 disables batching.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Longest a partial batch waits while an earlier batch is still unacknowledged.</summary>
    public TimeSpan CloseBatchTimeout { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Idle time after which the leader sends a Commit anyway (its heartbeat).</summary>
    public TimeSpan NullCommitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Shortest time between two Commits a busy leader sends. Zero (the reference's behaviour): a Commit to every follower
    /// for every commit. Above zero, a commit made within this time of the last Commit is announced when it has passed,
    /// with whatever was committed meanwhile: followers need the commit point only to execute, which no client waits for,
    /// and on the kernel fast paths a Commit is the one message that would still wake a follower for every op.
    /// </summary>
    public TimeSpan CommitAnnouncementInterval { get; init; } = TimeSpan.Zero;

    /// <summary>Time after which the leader sends its uncommitted Prepares again.</summary>
    public TimeSpan ResendPrepareTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time without word from the leader after which a follower starts a view change (also the view change's own deadline).</summary>
    public TimeSpan ViewChangeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval at which a replica in a view change sends its StartViewChange (and DoViewChange) again.</summary>
    public TimeSpan ViewChangeResendInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Interval at which an unanswered state transfer request is sent again.</summary>
    public TimeSpan StateTransferRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Interval at which a recovering replica sends its Recovery message again.</summary>
    public TimeSpan RecoveryResendInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When set, every wait for an answer from other replicas (PrepareOKs, a state transfer, view-change votes,
    /// recovery responses) follows round trips measured to them, with backoff, instead of the fixed intervals above.
    /// </summary>
    public RetryTimeouts? PeerRetry { get; init; }

    /// <summary>Most out-of-order Prepares a follower keeps while it waits for the gap before them to fill.</summary>
    public int MaxPendingPrepares { get; init; } = 64;

    /// <summary>Most log entries in one StateTransfer reply; a replica further behind asks again for the rest.</summary>
    public int MaxStateTransferEntries { get; init; } = 1024;

    /// <summary>Source of recovery nonces; must not repeat across a replica's incarnations.</summary>
    public Func<ulong> NonceSource { get; init; } = () => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count below 1 or a non-positive timeout.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingPrepares, 1, nameof(MaxPendingPrepares));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStateTransferEntries, 1, nameof(MaxStateTransferEntries));
        foreach (var (name, value) in new[]
                 {
                     (nameof(CloseBatchTimeout), CloseBatchTimeout), (nameof(NullCommitTimeout), NullCommitTimeout),
                     (nameof(ResendPrepareTimeout), ResendPrepareTimeout), (nameof(ViewChangeTimeout), ViewChangeTimeout),
                     (nameof(ViewChangeResendInterval), ViewChangeResendInterval),
                     (nameof(StateTransferRetryInterval), StateTransferRetryInterval),
                     (nameof(RecoveryResendInterval), RecoveryResendInterval),
                 })
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, name);
    }
}
