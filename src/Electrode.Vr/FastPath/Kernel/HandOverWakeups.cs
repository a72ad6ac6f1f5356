namespace Electrode.Vr.FastPath.Kernel;

/// <summary>
/// How the replica's loop learns that the fast reply handed Prepares over. Every wake-up of the loop costs a follower
/// a return from <c>epoll_wait</c> and its scheduling, several times what the fast reply itself costs, while a follower
/// has no reason to log a Prepare the moment it was answered: it drains before it handles any message or timer, and
/// before it changes status. So by default the kernel wakes the loop only when a backlog builds up, and the loop polls
/// the ring (no system call) on a timer that shortens while records come and backs off while none do.
/// </summary>
public sealed record HandOverWakeups
{
    /// <summary>A wake-up for every record that finds the loop caught up (the kernel's own choice); no polling.</summary>
    public static HandOverWakeups EveryRecord { get; } = new() { BacklogBytes = 0 };

    /// <summary>
    /// Wakes at 2 MiB unread (about 1,000 records; the ring holds about 8,100); polls every 20 ms while records come,
    /// backing off to 64 ms while none do. Every wake-up of a follower takes a core from the leader or a client for a
    /// moment, and each costs about the same whether it finds 30 records or 300, so a follower wakes rarely and logs
    /// many records at once.
    /// </summary>
    public static HandOverWakeups Batched { get; } = new()
    {
        BacklogBytes = 2 * 1024 * 1024,
        ShortestPoll = TimeSpan.FromMilliseconds(20),
        LongestPoll = TimeSpan.FromMilliseconds(64),
    };

    /// <summary>Unread bytes from which the kernel wakes the loop; 0 for <see cref="EveryRecord"/>.</summary>
    public uint BacklogBytes { get; init; }

    /// <summary>The poll period while the last poll found records.</summary>
    public TimeSpan ShortestPoll { get; init; }

    /// <summary>The longest poll period, reached by doubling while polls find nothing.</summary>
    public TimeSpan LongestPoll { get; init; }

    /// <summary>True when the loop polls (the kernel wakes it only for a backlog).</summary>
    public bool Polls => BacklogBytes != 0;

    /// <summary>The period after a poll that found records or not, from the period before it.</summary>
    public TimeSpan NextPoll(TimeSpan previous, bool found) =>
        found ? ShortestPoll : TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, LongestPoll.Ticks));
}
