namespace Electrode.Vr.Replica;

/// <summary>
/// A replica's log: operations numbered 1, 2, ... without holes. Which prefix is committed is the replica's
/// business; the log only keeps the entries in order.
/// </summary>
public sealed class ReplicaLog
{
    private readonly List<LogEntry> entries = [];

    /// <summary>Number of the last operation, 0 when empty.</summary>
    public ulong LastOpNumber => (ulong)entries.Count;

    /// <summary>Appends the entry that follows the last one.</summary>
    /// <exception cref="InvalidOperationException">The entry's number is not <see cref="LastOpNumber"/> + 1.</exception>
    public void Append(LogEntry entry)
    {
        if (entry.OpNumber != LastOpNumber + 1)
            throw new InvalidOperationException($"log holds ops 1..{LastOpNumber}; cannot append op {entry.OpNumber}");
        entries.Add(entry);
    }

    /// <summary>The entry numbered <paramref name="opNumber"/>, or null when the log does not hold it.</summary>
    public LogEntry? Find(ulong opNumber) =>
        opNumber >= 1 && opNumber <= LastOpNumber ? entries[(int)(opNumber - 1)] : null;

    /// <summary>Removes every entry numbered above <paramref name="opNumber"/>.</summary>
    public void TruncateAfter(ulong opNumber)
    {
        if (opNumber < LastOpNumber) entries.RemoveRange((int)opNumber, entries.Count - (int)opNumber);
    }

    /// <summary>Entries numbered <paramref name="first"/> through the last one (none when first is past the end).</summary>
    public IEnumerable<LogEntry> From(ulong first)
    {
        for (var op = Math.Max(first, 1); op <= LastOpNumber; op++) yield return entries[(int)(op - 1)];
    }
}
