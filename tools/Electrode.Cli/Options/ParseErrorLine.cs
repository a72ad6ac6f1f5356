using System.CommandLine;
using System.CommandLine.Parsing;

namespace Electrode.Cli.Options;

/// <summary>
/// The one line that says what is wrong with a command line the library could not parse, worded as the commands
/// always have. The library's own report is several lines (every error, typo suggestions on standard output, then
/// the whole help) in the user's UI language; scripts and the tests expect one line on standard error.
/// </summary>
internal static class ParseErrorLine
{
    /// <summary>The first problem of <paramref name="result"/>, which has errors, without the command prefix.</summary>
    public static string For(ParseResult result)
    {
        // A mistyped option also leaves the option it meant missing: the mistyped word is the problem to report.
        if (result.UnmatchedTokens.Count > 0)
            return Unmatched(result.CommandResult, result.UnmatchedTokens[0]);
        var error = result.Errors[0];
        return error.SymbolResult switch
        {
            OptionResult { Option.Arity.MaximumNumberOfValues: > 0 } option => ForOption(option, error.Message),
            CommandResult { Parent: null } => "no command given; run 'electrode --help' for the list",
            _ => error.Message,
        };
    }

    /// <summary>
    /// The library reports a missing or repeated value in its own words; those are told apart by what was given.
    /// Every other error of an option that takes a value comes from <see cref="OptionValues"/>, already worded.
    /// </summary>
    private static string ForOption(OptionResult result, string message)
    {
        var option = result.Option;
        if (result.Implicit)
            return $"missing option {option.Name} <{option.HelpName}>";
        return result.Tokens.Count switch
        {
            0 => $"option {option.Name} needs a value <{option.HelpName}>",
            > 1 => $"option {option.Name} is given more than once",
            _ => message,
        };
    }

    private static string Unmatched(CommandResult command, string token)
    {
        if (token.Length > 1 && token[0] == '-')
        {
            string name = token.Split('=', ':')[0];
            return NearestName.To(name, OptionNames(command)) is { } near
                ? $"unknown option '{name}'; did you mean {near}?"
                : $"unknown option '{name}'";
        }
        if (command.Parent is null)
        {
            return NearestName.To(token, command.Command.Subcommands.Select(c => c.Name)) is { } near
                ? $"unknown command '{token}'; did you mean {near}?"
                : $"unknown command '{token}'; run 'electrode --help' for the list";
        }
        return $"unexpected argument '{token}'; options are given as '-x value'";
    }

    /// <summary>The options <paramref name="command"/> accepts: its own and those its parents pass down (--help).</summary>
    private static IEnumerable<string> OptionNames(CommandResult command)
    {
        var options = command.Command.Options.Where(o => !o.Hidden);
        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
            options = options.Concat(parent.Command.Options.Where(o => o.Recursive && !o.Hidden));
        return options.Select(o => o.Name);
    }
}
