namespace Electrode.Vr.Linearizability;

/// <summary>
/// The sub-history of one key, as the search takes it: the operations that constrain the key's value, each with its
/// step of the model. P-compositionality makes this enough: a key-value history is linearizable if and only if the
/// sub-history of every key is, since an operation touches one key and keys do not interact.
/// </summary>
internal sealed class KeyHistory
{
    /// <summary>Selects from <paramref name="operations"/>, all on <paramref name="key"/>, those that constrain it.</summary>
    public KeyHistory(byte[] key, IEnumerable<KvHistoryOperation> operations)
    {
        Key = key;
        var kept = new List<KvHistoryOperation>();
        var steps = new List<KeyStep>();
        // Numbered by call, pending operations last: the linearized set then grows as a run of low numbers, which the
        // cache stores compactly, and a pending operation that never takes effect does not hold a gap open in it.
        foreach (var operation in operations.OrderBy(o => o.IsPending).ThenBy(o => o.CallTime))
        {
            if (KeyStep.Of(operation, Values) is not { } step) continue;
            kept.Add(operation);
            steps.Add(step);
        }
        Operations = [.. kept];
        Steps = [.. steps];
    }

    /// <summary>The key.</summary>
    public byte[] Key { get; }

    /// <summary>The operations searched, indexed as the search numbers them.</summary>
    public KvHistoryOperation[] Operations { get; }

    /// <summary>The step of each operation, at the same index.</summary>
    public KeyStep[] Steps { get; }

    /// <summary>The values the steps refer to.</summary>
    public KeyValues Values { get; } = new();
}
