using System.CommandLine;
using Electrode.Cli.Options;
using Electrode.Vr.Linearizability;

namespace Electrode.Cli.Check;

/// <summary><c>electrode check</c>: is a key-value history (as <c>electrode client --history</c> writes) linearizable?</summary>
internal sealed class CheckCommand : Command
{
    /// <summary>Printed after the options by <c>--help</c>.</summary>
    public const string Notes =
        """
        Checks that a key-value history is linearizable (each key on its own, Wing & Gong's search with memoisation)
        and prints one line with the verdict; for a violation, the key and the operations that cannot be ordered.
        Exits 0 when linearizable, 1 when not or undecided within the budget, 2 on bad usage or an unreadable file.
        """;

    private readonly Option<string> historyOption = new("--history")
    {
        HelpName = "file",
        Description = "the history to check (JSON Lines)",
        Required = true,
    };

    private readonly Option<double> budgetOption = new("--budget")
    {
        HelpName = "seconds",
        Description = "give up undecided after this long",
        DefaultValueFactory = _ => KvLinearizabilityChecker.DefaultTimeBudget.TotalSeconds,
        CustomParser = OptionValues.Seconds(86_400),
    };

    public CheckCommand()
        : base("check", "is a key-value history (client --history) linearizable?")
    {
        Options.Add(historyOption);
        Options.Add(budgetOption);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        string path = parsed.GetRequiredValue(historyOption);
        var budget = TimeSpan.FromSeconds(parsed.GetValue(budgetOption));
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
        parsed.InvocationConfiguration.Output.WriteLine(verdict.Explanation);
        return verdict.Outcome == LinearizabilityOutcome.Linearizable ? 0 : 1;
    }
}
