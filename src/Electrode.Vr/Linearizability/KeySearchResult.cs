namespace Electrode.Vr.Linearizability;

/// <summary>What the search of one key's sub-history found.</summary>
/// <param name="Outcome">Linearizable, not, or unknown (the time budget ran out first).</param>
/// <param name="Prefix">When not linearizable: the longest linearizable prefix found, operation indexes in order.</param>
/// <param name="PrefixState">The key's state after <paramref name="Prefix"/>.</param>
/// <param name="Candidates">The operations that could have come next after the prefix, none of which fits
/// the state after it (one that did would have led to a longer prefix).</param>
internal sealed record KeySearchResult(LinearizabilityOutcome Outcome, int[] Prefix, int PrefixState, int[] Candidates);
