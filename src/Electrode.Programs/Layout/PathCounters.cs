using System.Runtime.InteropServices;

namespace Electrode.Programs.Layout;

/// <summary>
/// What one program did with the packets it saw: entry <see cref="FastPath"/> of the per-CPU
/// <see cref="ElectrodeMaps.Counters"/>. Userspace sums the CPUs' copies.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PathCounters
{
    /// <summary>Number of entries of <see cref="ByReason"/>, above every <see cref="Reason"/>.</summary>
    public const int ReasonSlots = 32;

    /// <summary>Number of entries of <see cref="ElectrodeMaps.Counters"/>: one per <see cref="FastPath"/>.</summary>
    public const int PathSlots = 4;

    /// <summary>Packets of the kind the program handles.</summary>
    public ulong Seen;

    /// <summary>Packets passed up in the ordinary course (not ours, or the certified vote).</summary>
    public ulong Passed;

    /// <summary>Packets dropped, by a rule (duplicates, counted votes, stale views).</summary>
    public ulong Dropped;

    /// <summary>Packets sent by the program: replies with <c>XDP_TX</c>, broadcast copies.</summary>
    public ulong Transmitted;

    /// <summary>Packets passed up untouched because the program could not vouch for them.</summary>
    public ulong FellBack;

    /// <summary>Drops and fall-backs by <see cref="Reason"/>.</summary>
    public fixed ulong ByReason[ReasonSlots];
}

/// <summary>The programs, as indices of <see cref="ElectrodeMaps.Counters"/>.</summary>
public enum FastPath : uint
{
    /// <summary>The XDP ingress dispatcher.</summary>
    Dispatch = 0,
    /// <summary>XDP fast reply on a follower.</summary>
    FastReply = 1,
    /// <summary>XDP quorum prune on the leader.</summary>
    QuorumPrune = 2,
    /// <summary>TC egress broadcast on the leader.</summary>
    Broadcast = 3,
}

/// <summary>What a program did with a packet, for <see cref="PathCounters"/>.</summary>
public enum Outcome : uint
{
    /// <summary>Passed up in the ordinary course.</summary>
    Passed = 0,
    /// <summary>Dropped by rule.</summary>
    Dropped = 1,
    /// <summary>Sent by the program.</summary>
    Transmitted = 2,
    /// <summary>Passed up untouched: the program could not vouch for it.</summary>
    FellBack = 3,
}

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
    /// <summary>The op's quorum slot holds another op or view (reused or never reset).</summary>
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
}
