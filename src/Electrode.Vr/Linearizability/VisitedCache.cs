namespace Electrode.Vr.Linearizability;

/// <summary>
/// The (linearized set, state) pairs the search has reached: two paths that linearized the same operations and left
/// the same value have the same futures, so the second is not explored (Lowe's memoization). A set is stored as its
/// count of leading full words and its other non-empty words, a few words where a whole bitset would be hundreds on a
/// long sub-history, and the cache holds one entry for every placement the search makes.
/// </summary>
internal sealed class VisitedCache
{
    private readonly Dictionary<int, int> firstByHash = [];
    private readonly List<Entry> entries = [];

    /// <summary>Records <paramref name="set"/> with <paramref name="state"/>; false when it was already there.</summary>
    public bool TryAdd(LinearizedSet set, int state)
    {
        var hash = HashCode.Combine(set.Hash, state);
        var found = firstByHash.TryGetValue(hash, out var first);
        for (var i = found ? first : -1; i >= 0; i = entries[i].Next)
        {
            if (Matches(entries[i], set, state)) return false;
        }
        entries.Add(new Entry(set.FullWords, set.PartialWordsCopy(), state, found ? first : -1));
        firstByHash[hash] = entries.Count - 1;
        return true;
    }

    private static bool Matches(Entry entry, LinearizedSet set, int state)
    {
        if (entry.State != state || entry.FullWords != set.FullWords || entry.Partial.Length != set.PartialWords) return false;
        // The counts match, so equal words at the stored indexes leave no other non-empty word in the set.
        foreach (var (index, word) in entry.Partial)
        {
            if (set[index] != word) return false;
        }
        return true;
    }

    // Next: the previous entry with the same hash, or -1.
    private readonly record struct Entry(int FullWords, (int Index, ulong Word)[] Partial, int State, int Next);
}
