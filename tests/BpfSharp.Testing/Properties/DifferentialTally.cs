using BpfSharp.Differential;

namespace BpfSharp.Testing.Properties;

/// <summary>What a differential property saw: cases, agreed return codes, frames both sides refused, declared differences.</summary>
public sealed class DifferentialTally(string program)
{
    private readonly SortedDictionary<uint, long> _returnCodes = [];
    private readonly SortedDictionary<string, long> _known = new(StringComparer.Ordinal);

    /// <summary>The program under test.</summary>
    public string Program { get; } = program;

    /// <summary>Cases run (including those CsCheck ran while shrinking a failure).</summary>
    public long Cases { get; private set; }

    /// <summary>Cases where both sides refused the frame.</summary>
    public long BothRefused { get; private set; }

    /// <summary>Cases where the sides disagreed.</summary>
    public long Divergences { get; private set; }

    /// <summary>Cases that ended with each agreed return code.</summary>
    public IReadOnlyDictionary<uint, long> ReturnCodes => _returnCodes;

    /// <summary>Cases that differed in a declared way, by the kind of difference.</summary>
    public IReadOnlyDictionary<string, long> KnownDifferences => _known;

    /// <summary>Counts one run.</summary>
    public void Add(DifferentialRun run)
    {
        Cases++;
        if (!run.Agrees)
        {
            Divergences++;
            return;
        }
        // A declared difference may leave both sides with the same return code (an LRU map that differed, for
        // example): such a run counts under both.
        if (run.KnownDifference is { } reason)
            _known[KindOf(reason)] = _known.GetValueOrDefault(KindOf(reason)) + 1;
        if (run.ReturnValue is { } code)
            _returnCodes[code] = _returnCodes.GetValueOrDefault(code) + 1;
        else if (run.KnownDifference is null)
            BothRefused++;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Program}: {Cases} cases, {Divergences} divergences; return codes "
        + string.Join(", ", _returnCodes.Select(c => $"{c.Key}: {c.Value}"))
        + $"; both refused {BothRefused}"
        + (_known.Count == 0 ? "" : "; declared differences " + string.Join(", ", _known.Select(k => $"{k.Key}: {k.Value}")));

    /// <summary>The reason without the numbers particular to one frame.</summary>
    private static string KindOf(string reason) => reason.Split(" (", 2)[0];
}
