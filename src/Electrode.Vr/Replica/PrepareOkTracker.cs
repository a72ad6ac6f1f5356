namespace Electrode.Vr.Replica;

/// <summary>
/// The leader's count of PrepareOKs in its view. A PrepareOK for op n says the follower holds the view's log
/// through n, so a follower's votes are kept as one watermark; an op is committed once the leader and
/// quorum - 1 followers hold it.
/// </summary>
public sealed class PrepareOkTracker
{
    private readonly ulong[] ackedThrough;
    private readonly int leaderIndex;
    private readonly int quorumSize;

    /// <summary>Creates a tracker for a cluster of <paramref name="replicaCount"/> led by <paramref name="leaderIndex"/>.</summary>
    public PrepareOkTracker(int replicaCount, int leaderIndex, int quorumSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicaCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quorumSize, replicaCount);
        ackedThrough = new ulong[replicaCount];
        this.leaderIndex = leaderIndex;
        this.quorumSize = quorumSize;
    }

    /// <summary>Forgets every vote (a new view starts).</summary>
    public void Reset() => Array.Clear(ackedThrough);

    /// <summary>Records that <paramref name="replicaIndex"/> holds the log through <paramref name="opNumber"/>.</summary>
    /// <returns>The highest op a quorum holds, given the leader holds everything up to <paramref name="leaderLastOp"/>.</returns>
    public ulong RecordAndGetQuorumPoint(int replicaIndex, ulong opNumber, ulong leaderLastOp)
    {
        if (opNumber > ackedThrough[replicaIndex]) ackedThrough[replicaIndex] = opNumber;
        if (quorumSize <= 1) return leaderLastOp;
        Span<ulong> followers = stackalloc ulong[ackedThrough.Length - 1];
        for (int i = 0, k = 0; i < ackedThrough.Length; i++)
            if (i != leaderIndex) followers[k++] = ackedThrough[i];
        followers.Sort();
        return Math.Min(followers[^(quorumSize - 1)], leaderLastOp);
    }
}
