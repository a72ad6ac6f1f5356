using Electrode.Programs.Layout;

namespace Electrode.Programs.Counting;

/// <summary>Why a packet was dropped or fell back to userspace; indices of <see cref="PathCounters.ByReason"/>.</summary>
public enum Reason : uint
{
    /// <summary>No particular reason: the ordinary course.</summary>
    None = 0,
    /// <summary>The path is disabled in the control state, or the control state is not configured.</summary>
    Disabled = 1,
    /// <summary>The replica is not in normal status.</summary>
    NotNormal = 2,
    /// <summary>Dropped: the message is from an older view.</summary>
    StaleView = 3,
    /// <summary>The message is from a newer view than the replica's.</summary>
    NewerView = 4,
    /// <summary>The message's view differs from the replica's or the slot's.</summary>
    ViewMismatch = 5,
    /// <summary>A view or op too large for the 30-bit and 32-bit fast-header fields.</summary>
    OutOfRange = 6,
    /// <summary>A Prepare whose batch does not start right after the replica's last op.</summary>
    Gap = 7,
    /// <summary>A Prepare for ops the replica already holds (a retransmission).</summary>
    AlreadyLogged = 8,
    /// <summary>The ring buffer had no room for the datagram.</summary>
    RingFull = 9,
    /// <summary>The datagram is larger than a ring-buffer record.</summary>
    TooLarge = 10,
    /// <summary>An IP fragment or an Electrode fragment of a large message.</summary>
    Fragment = 11,
    /// <summary>Lengths disagree (a truncated or padded frame, an inconsistent body length).</summary>
    Malformed = 12,
    /// <summary>The replica does not have the role the path serves (leader or follower) in this view.</summary>
    WrongRole = 13,
    /// <summary>The sender is not the configured replica of the index it claims (or of the view's leader).</summary>
    UnknownSender = 14,
    /// <summary>
    /// The op's quorum slot has moved on to a later op of the same view: the vote comes from a replica more than a ring of
    /// ops behind, and only userspace still tracks that replica's progress.
    /// </summary>
    SlotReused = 15,
    /// <summary>Dropped: the replica's vote was already counted.</summary>
    Duplicate = 16,
    /// <summary>Dropped: the quorum was already complete.</summary>
    QuorumComplete = 17,
    /// <summary>Dropped: the vote was counted and the quorum is still incomplete.</summary>
    VoteCounted = 18,
    /// <summary>The packet could not be resized into the reply.</summary>
    NoRoom = 19,
    /// <summary>A broadcast copy could not be sent.</summary>
    CloneFailed = 20,
    /// <summary>The dispatcher's tail call found no program in the handler's slot.</summary>
    NoHandler = 21,
    /// <summary>The datagram carries a UDP checksum, which only the stack verifies and completes.</summary>
    UdpChecksum = 22,
    /// <summary>
    /// Dropped: userspace changed the control word (status, view or last op) while the fast-reply path was answering,
    /// after the frame was already rewritten; a loss the leader's retransmission repairs.
    /// </summary>
    LostRace = 23,
    /// <summary>
    /// The op's quorum slot holds an earlier op or view: the op's Prepare never passed the leader's egress program (sent
    /// before the program was attached, or by a leader that did not hold the view yet).
    /// </summary>
    SlotNotStarted = 24,
}
