namespace Electrode.Vr.Linearizability;

/// <summary>
/// The set of operations of a sub-history linearized so far, as a bitset that keeps, through every change in constant
/// (amortised) time, what the search's cache needs: a hash, how many leading words are full, and how many words are
/// not empty. Operations are numbered roughly in the order they get linearized, so the set is a run of full words, a
/// word or two in progress and empty words: <see cref="VisitedCache"/> stores only the words in progress.
/// </summary>
internal sealed class LinearizedSet
{
    private readonly ulong[] words;
    // XOR over the words of Mix(index, word): one word's change updates it without rereading the others.
    private ulong hash;
    private int nonEmptyWords;

    public LinearizedSet(int operations)
    {
        words = new ulong[(operations + 63) / 64];
        for (var i = 0; i < words.Length; i++) hash ^= Mix(i, 0);
    }

    /// <summary>How many leading words have every bit set; the word at this index, if any, does not.</summary>
    public int FullWords { get; private set; }

    /// <summary>How many words from <see cref="FullWords"/> on have a bit set.</summary>
    public int PartialWords => nonEmptyWords - FullWords;

    /// <summary>A hash of the set, equal for equal sets.</summary>
    public ulong Hash => hash;

    /// <summary>The word at <paramref name="index"/>.</summary>
    public ulong this[int index] => words[index];

    /// <summary>Adds operation <paramref name="operation"/>.</summary>
    public void Set(int operation)
    {
        var index = operation / 64;
        Update(index, words[index] | (1UL << (operation % 64)));
        while (FullWords < words.Length && words[FullWords] == ulong.MaxValue) FullWords++;
    }

    /// <summary>Removes operation <paramref name="operation"/>.</summary>
    public void Clear(int operation)
    {
        var index = operation / 64;
        Update(index, words[index] & ~(1UL << (operation % 64)));
        FullWords = Math.Min(FullWords, index);
    }

    /// <summary>The indexes and values of the <see cref="PartialWords"/> words from <see cref="FullWords"/> on that have a bit set.</summary>
    public (int Index, ulong Word)[] PartialWordsCopy()
    {
        var copy = new (int, ulong)[PartialWords];
        var next = 0;
        for (var i = FullWords; next < copy.Length; i++)
        {
            if (words[i] != 0) copy[next++] = (i, words[i]);
        }
        return copy;
    }

    private void Update(int index, ulong word)
    {
        var old = words[index];
        hash ^= Mix(index, old) ^ Mix(index, word);
        nonEmptyWords += (word != 0 ? 1 : 0) - (old != 0 ? 1 : 0);
        words[index] = word;
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
}
