namespace Electrode.Vr.Replica;

/// <summary>
/// Messages from distinct replicas about the same thing (a view, a nonce), until enough have arrived.
/// A later message from a replica replaces its earlier one.
/// </summary>
/// <typeparam name="TKey">What the messages are about.</typeparam>
/// <typeparam name="TMessage">The message type.</typeparam>
public sealed class QuorumSet<TKey, TMessage> where TKey : notnull
{
    private readonly Dictionary<TKey, Dictionary<int, TMessage>> byKey = [];

    /// <summary>Creates a set that reports a quorum once <paramref name="needed"/> replicas have sent a message.</summary>
    public QuorumSet(int needed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(needed);
        Needed = needed;
    }

    /// <summary>Number of distinct replicas that make a quorum.</summary>
    public int Needed { get; }

    /// <summary>Records <paramref name="message"/> from <paramref name="replicaIndex"/> about <paramref name="key"/>.</summary>
    /// <returns>The messages about the key, by replica, when they now make a quorum; otherwise null.</returns>
    public IReadOnlyDictionary<int, TMessage>? AddAndCheckForQuorum(TKey key, int replicaIndex, TMessage message)
    {
        if (!byKey.TryGetValue(key, out var messages)) byKey[key] = messages = [];
        messages[replicaIndex] = message;
        return messages.Count >= Needed ? messages : null;
    }

    /// <summary>The messages recorded about <paramref name="key"/>, by replica.</summary>
    public IReadOnlyDictionary<int, TMessage> Get(TKey key) =>
        byKey.TryGetValue(key, out var messages) ? messages : new Dictionary<int, TMessage>();

    /// <summary>Forgets everything.</summary>
    public void Clear() => byKey.Clear();
}
