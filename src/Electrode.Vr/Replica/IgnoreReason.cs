namespace Electrode.Vr.Replica;

/// <summary>Why a replica dropped a message without acting on it.</summary>
public enum IgnoreReason
{
    /// <summary>Fields missing, out of range or inconsistent with each other.</summary>
    Malformed,
    /// <summary>A message type a replica does not handle.</summary>
    UnexpectedType,
    /// <summary>From a view older than the replica's, or a RecoveryResponse to an earlier recovery (another nonce).</summary>
    StaleView,
    /// <summary>Not for a replica in this status or role (a Request to a follower, a Prepare to the leader...).</summary>
    NotApplicable,
    /// <summary>A retried request still being agreed on, or older than the client's latest.</summary>
    DuplicateRequest,
    /// <summary>A log that does not reach back far enough to be installed; the replica asks for more (a state transfer, or a longer DoViewChange).</summary>
    InsufficientLog,
    /// <summary>
    /// A Prepare of this view whose request for an op differs from the one this replica holds for it: its leader
    /// forgot its log (a restart without recovery). Not acknowledged, so it cannot commit over acknowledged ops.
    /// </summary>
    ConflictingEntry,
}
