using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Electrode.Cli.Options;

/// <summary>
/// <c>--help</c>: the library's help (description, usage, options with their defaults, sub-commands), then the notes
/// of the command that options cannot carry: the cluster file format, the data directory, the exit codes.
/// </summary>
internal sealed class HelpWithNotesAction(HelpAction standard, IReadOnlyDictionary<Command, string> notes) : SynchronousCommandLineAction
{
    /// <summary>As the library's help: asking for help on a command line with mistakes in it still gets help.</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        int status = standard.Invoke(parseResult);
        if (notes.TryGetValue(parseResult.CommandResult.Command, out var text))
            parseResult.InvocationConfiguration.Output.WriteLine(text);
        return status;
    }
}
