namespace Electrode.Vr.Linearizability;

/// <summary>
/// The set of operations of a sub-history linearized so far, as a bitset whose hash follows every change in constant
/// time (the search sets and clears one bit per step and looks the set up in its cache each time).
/// </summary>
internal sealed class LinearizedSet(int operations)
{
    private readonly ulong[] words = new ulong[(operations + 63) / 64];
    // XOR over the words of Mix(index, word): one word's change updates it without rereading the others.
    private ulong hash = InitialHash((operations + 63) / 64);

    /// <summary>Adds operation <paramref name="operation"/>.</summary>
    public void Set(int operation) => Update(operation / 64, words[operation / 64] | (1UL << (operation % 64)));

    /// <summary>Removes operation <paramref name="operation"/>.</summary>
    public void Clear(int operation) => Update(operation / 64, words[operation / 64] & ~(1UL << (operation % 64)));

    /// <summary>The set together with a model state, as the search's cache holds it; the words are not copied.</summary>
    public CacheEntry View(int state) => new(words, state, Combine(hash, state));

    /// <summary>The same, with a copy of the words that later changes to this set leave alone.</summary>
    public CacheEntry Snapshot(int state) => new((ulong[])words.Clone(), state, Combine(hash, state));

    private void Update(int index, ulong word)
    {
        hash ^= Mix(index, words[index]) ^ Mix(index, word);
        words[index] = word;
    }

    private static ulong InitialHash(int wordCount)
    {
        ulong hash = 0;
        for (var i = 0; i < wordCount; i++) hash ^= Mix(i, 0);
        return hash;
    }

    // A 64-bit finaliser (MurmurHash3's fmix64) over the word offset by its index, so that equal words at different
    // indexes do not cancel out in the XOR.
    private static ulong Mix(int index, ulong word)
    {
        var x = word + (ulong)(index + 1) * 0x9E3779B97F4A7C15UL;
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }

    private static int Combine(ulong hash, int state) => HashCode.Combine(hash, state);
}
