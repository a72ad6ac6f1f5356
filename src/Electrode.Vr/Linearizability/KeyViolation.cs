namespace Electrode.Vr.Linearizability;

/// <summary>A key whose sub-history is not linearizable, and how far the search got.</summary>
public sealed class KeyViolation
{
    // How many operations of the prefix an explanation shows: the last few are the ones the failure hinges on.
    private const int PrefixShown = 5;

    internal KeyViolation(KeyHistory history, KeySearchResult result)
    {
        Key = history.Key;
        OperationCount = history.Operations.Length;
        LongestPrefix = [.. result.Prefix.Select(i => history.Operations[i])];
        Unplaced = [.. result.Candidates.Select(i => history.Operations[i])];
        Explanation = Explain(history, result);
    }

    /// <summary>The key.</summary>
    public byte[] Key { get; }

    /// <summary>How many of the key's operations were searched (pending gets and bad requests constrain nothing and are left out).</summary>
    public int OperationCount { get; }

    /// <summary>The longest linearizable prefix the search found, in linearization order.</summary>
    public IReadOnlyList<KvHistoryOperation> LongestPrefix { get; }

    /// <summary>
    /// The operations that could have come next after <see cref="LongestPrefix"/> (each called before any remaining
    /// operation returned). None of them fits the value the prefix leaves: one that did would have made a longer prefix.
    /// </summary>
    public IReadOnlyList<KvHistoryOperation> Unplaced { get; }

    /// <summary>A few lines for a person: the end of the prefix, the value it leaves, and why each next operation fails.</summary>
    public string Explanation { get; }

    /// <inheritdoc />
    public override string ToString() => Explanation;

    private static string Explain(KeyHistory history, KeySearchResult result)
    {
        var lines = new List<string>
        {
            $"key {KvHistoryOperation.Hex(history.Key)}: no linearization of its {Operations(history.Operations.Length)}. " +
            $"The longest linearizable prefix has {Operations(result.Prefix.Length)}" + (result.Prefix.Length == 0 ? "." : ", ending with:"),
        };
        var shownFrom = Math.Max(0, result.Prefix.Length - PrefixShown);
        if (shownFrom > 0) lines.Add($"  ({Operations(shownFrom)} before)");
        lines.AddRange(result.Prefix[shownFrom..].Select(i => $"  {history.Operations[i]}"));
        // The prefix is the deepest dead end, so no candidate fits: one that did would have led deeper.
        lines.Add($"After it there is {history.Values.Describe(result.PrefixState)}, and none of the operations that could come next fits:");
        lines.AddRange(result.Candidates.Select(i =>
            $"  {history.Operations[i]}: {history.Steps[i].Misfit(result.PrefixState, history.Values)}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Operations(int count) => count == 1 ? "1 operation" : $"{count} operations";
}
