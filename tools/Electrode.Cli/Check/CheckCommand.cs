using Electrode.Cli.Options;
using Electrode.Vr.Linearizability;

namespace Electrode.Cli.Check;

/// <summary><c>electrode check</c>: is a key-value history (as <c>electrode client --history</c> writes) linearizable?</summary>
internal static class CheckCommand
{
    public const string Name = "check";

    private static readonly OptionSpec History = new(["--history"], "file", "the history to check (JSON Lines)");
    private static readonly OptionSpec Budget = new(["--budget"], "seconds", "give up undecided after this long (default 60)");
    private static readonly OptionSpec[] Specs = [History, Budget];

    public static string Help =>
        $"""
        usage: electrode {Name} --history <file> [--budget <seconds>]
        Checks that a key-value history is linearizable (each key on its own, Wing & Gong's search with memoisation)
        and prints one line with the verdict; for a violation, the key and the operations that cannot be ordered.
        Exits 0 when linearizable, 1 when not or undecided within the budget, 2 on bad usage or an unreadable file.
        {string.Join(Environment.NewLine, Specs.Select(s => s.HelpLine))}
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = ParsedOptions.Parse(args, Specs);
        if (options.HelpRequested)
        {
            output.WriteLine(Help);
            return 0;
        }
        string path = options.Required(History);
        var budget = options.Seconds(Budget, 86_400, KvLinearizabilityChecker.DefaultTimeBudget);
        IReadOnlyList<KvHistoryOperation> history;
        try
        {
            history = KvHistoryReader.ReadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the history '{path}': {e.Message}");
        }
        var verdict = KvLinearizabilityChecker.Check(history, budget);
        output.WriteLine(verdict.Explanation);
        return verdict.Outcome == LinearizabilityOutcome.Linearizable ? 0 : 1;
    }
}
