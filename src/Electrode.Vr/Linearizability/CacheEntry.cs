namespace Electrode.Vr.Linearizability;

/// <summary>A linearized set and the state it leads to: the search never explores the same pair twice.</summary>
internal readonly struct CacheEntry(ulong[] words, int state, int hash) : IEquatable<CacheEntry>
{
    private readonly ulong[] words = words;
    private readonly int state = state;
    private readonly int hash = hash;

    /// <inheritdoc />
    public bool Equals(CacheEntry other) =>
        hash == other.hash && state == other.state && words.AsSpan().SequenceEqual(other.words);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CacheEntry other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => hash;
}
