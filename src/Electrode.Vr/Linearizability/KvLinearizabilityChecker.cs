using System.Diagnostics;

namespace Electrode.Vr.Linearizability;

/// <summary>
/// Decides whether a key-value history is linearizable against the key-value store of
/// <see cref="Apps.KeyValue.KvStoreApp"/>: every key starts with no value, a put sets it, a delete removes it (and
/// finds nothing when there is none), a get reads it. A bad request changes nothing. The history is split by key and
/// each key's sub-history is searched on its own (Wing and Gong's algorithm with Lowe's memoization, as in Porcupine
/// and Knossos); the keys are searched in parallel.
/// </summary>
public static class KvLinearizabilityChecker
{
    /// <summary>The time budget of <see cref="Check(IEnumerable{KvHistoryOperation})"/>.</summary>
    public static readonly TimeSpan DefaultTimeBudget = TimeSpan.FromMinutes(1);

    /// <summary>Checks <paramref name="history"/> within <see cref="DefaultTimeBudget"/>.</summary>
    public static LinearizabilityResult Check(IEnumerable<KvHistoryOperation> history) => Check(history, DefaultTimeBudget);

    /// <summary>
    /// Checks <paramref name="history"/>, giving up with <see cref="LinearizabilityOutcome.Unknown"/> once
    /// <paramref name="timeBudget"/> has passed (<see cref="Timeout.InfiniteTimeSpan"/>: never). The search is
    /// exponential in the worst case, so a budget turns a pathological history into an honest "unknown" rather than a hang.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeBudget"/> is negative and not infinite.</exception>
    public static LinearizabilityResult Check(IEnumerable<KvHistoryOperation> history, TimeSpan timeBudget)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (timeBudget < TimeSpan.Zero && timeBudget != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeBudget), timeBudget, "a time budget is positive, or infinite");
        var start = Stopwatch.GetTimestamp();
        var deadline = Deadline(start, timeBudget);

        var operationCount = 0;
        var byKey = new SortedDictionary<string, List<KvHistoryOperation>>(StringComparer.Ordinal);
        foreach (var operation in history)
        {
            operationCount++;
            var key = Convert.ToHexString(operation.Input.Key);
            if (!byKey.TryGetValue(key, out var operations)) byKey.Add(key, operations = []);
            operations.Add(operation);
        }
        var keys = byKey.Values.Select(operations => new KeyHistory(operations[0].Input.Key, operations)).ToArray();

        var results = new KeySearchResult[keys.Length];
        Parallel.For(0, keys.Length, i => results[i] = new KeySearch(keys[i]).Run(deadline));

        var violations = new List<KeyViolation>();
        var undecided = new List<byte[]>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (results[i].Outcome == LinearizabilityOutcome.NotLinearizable) violations.Add(new KeyViolation(keys[i], results[i]));
            else if (results[i].Outcome == LinearizabilityOutcome.Unknown) undecided.Add(keys[i].Key);
        }
        return new LinearizabilityResult(operationCount, keys.Length, violations, undecided, timeBudget,
            Stopwatch.GetElapsedTime(start));
    }

    // The Stopwatch timestamp at which the budget runs out, saturating rather than overflowing for huge budgets.
    private static long Deadline(long start, TimeSpan timeBudget)
    {
        if (timeBudget == Timeout.InfiniteTimeSpan) return long.MaxValue;
        var ticks = timeBudget.TotalSeconds * Stopwatch.Frequency;
        return ticks >= long.MaxValue - start ? long.MaxValue : start + (long)ticks;
    }
}
