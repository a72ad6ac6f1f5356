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
        foreach (var operation in operations)
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
