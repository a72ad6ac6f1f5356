namespace Electrode.Vr.Linearizability;

/// <summary>The verdict on a key-value history, with what a person needs to see when it is not linearizable.</summary>
public sealed class LinearizabilityResult
{
    internal LinearizabilityResult(int operationCount, int keyCount, IReadOnlyList<KeyViolation> violations,
        IReadOnlyList<byte[]> undecidedKeys, TimeSpan timeBudget, TimeSpan elapsed)
    {
        OperationCount = operationCount;
        KeyCount = keyCount;
        Violations = violations;
        UndecidedKeys = undecidedKeys;
        Elapsed = elapsed;
        // One violation found is a verdict whatever the undecided keys would have shown.
        Outcome = violations.Count > 0 ? LinearizabilityOutcome.NotLinearizable
            : undecidedKeys.Count > 0 ? LinearizabilityOutcome.Unknown
            : LinearizabilityOutcome.Linearizable;
        Explanation = Outcome switch
        {
            LinearizabilityOutcome.Linearizable =>
                $"linearizable: {operationCount} operations on {keyCount} keys, checked in {elapsed.TotalMilliseconds:F0} ms",
            LinearizabilityOutcome.NotLinearizable =>
                $"not linearizable: {violations.Count} of {keyCount} keys fail" +
                (undecidedKeys.Count > 0 ? $" ({undecidedKeys.Count} more undecided within the time budget)" : "") +
                Environment.NewLine + string.Join(Environment.NewLine, violations.Select(v => v.Explanation)),
            _ =>
                $"unknown: the time budget of {timeBudget} ran out with {undecidedKeys.Count} of {keyCount} keys undecided " +
                $"({string.Join(", ", undecidedKeys.Select(KvHistoryOperation.Hex))}); no violation was found in the others",
        };
    }

    /// <summary>Linearizable, not, or unknown.</summary>
    public LinearizabilityOutcome Outcome { get; }

    /// <summary>How many operations the history holds.</summary>
    public int OperationCount { get; }

    /// <summary>How many distinct keys they touch.</summary>
    public int KeyCount { get; }

    /// <summary>Every key whose sub-history was found not linearizable, in key order.</summary>
    public IReadOnlyList<KeyViolation> Violations { get; }

    /// <summary>The keys whose search the time budget cut short, in key order.</summary>
    public IReadOnlyList<byte[]> UndecidedKeys { get; }

    /// <summary>How long the check took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The verdict in words; for a violation, the failing keys' explanations follow on further lines.</summary>
    public string Explanation { get; }

    /// <inheritdoc />
    public override string ToString() => Explanation;
}
