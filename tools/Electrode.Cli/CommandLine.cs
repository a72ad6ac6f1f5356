using System.CommandLine;
using System.CommandLine.Help;
using System.Net.Sockets;
using BpfSharp.Loader;
using Electrode.Cli.Attach;
using Electrode.Cli.Bench;
using Electrode.Cli.Check;
using Electrode.Cli.Client;
using Electrode.Cli.Cluster;
using Electrode.Cli.Demo;
using Electrode.Cli.Options;
using Electrode.Cli.Replica;
using Electrode.Vr.FastPath.Kernel.Attachment;
using Electrode.Vr.Linearizability;
using Electrode.Vr.Replica.Storage;

namespace Electrode.Cli;

/// <summary>
/// Entry point of the <c>electrode</c> command: parses the command line and runs one sub-command. Any error the user
/// can act on is one line on standard error, prefixed with the command; bad usage and bad input exit 2, failures at
/// run time 1.
/// </summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    private const string Description = "Viewstamped Replication on UDP: run replicas, put load on them, check the histories; attach the kernel fast paths.";

    private const string Notes =
        """
        'electrode <command> --help' describes a command's options, the cluster file format and the exit codes.
        Exit codes: 0 success; 1 failure at run time; 2 bad usage, bad cluster file, unreadable history, no such
        interface or no BPF object.
        """;

    /// <summary>
    /// Every value is taken as given: a path may begin with '@' (the library would read it as a response file and
    /// report a missing one in its own words).
    /// </summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0)
        {
            // Nothing was asked: the list of commands, on standard error as for any other bad usage.
            Parse(["--help"]).Invoke(new InvocationConfiguration { Output = error, Error = error });
            return BadUsage;
        }
        var parsed = Parse(args);
        var command = parsed.CommandResult;
        string prefix = command.Parent is null ? "electrode: " : $"electrode {command.Command.Name}: ";
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine(prefix + ParseErrorLine.For(parsed));
            return BadUsage;
        }
        try
        {
            // Exceptions come out to be reported as one line below; the library's handler prints a stack trace.
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UsageException or ClusterFileException or KvHistoryFormatException)
        {
            error.WriteLine(prefix + e.Message);
            return BadUsage;
        }
        catch (NetworkInterfaceNotFoundException e)
        {
            error.WriteLine(prefix + e.Message);
            return BadUsage;
        }
        catch (Exception e) when (e is ReplicaDataDirectoryException or InvalidOperationException { InnerException: SocketException }
                                      or AttachException or FastPathNotAttachedException or BpfException or FastPathUnavailableException)
        {
            error.WriteLine(prefix + e.Message);
            return Failed;
        }
    }

    /// <summary><paramref name="args"/> read against a command tree of their own, so that runs at once share no state.</summary>
    internal static ParseResult Parse(IReadOnlyList<string> args) => CreateRoot().Parse(args, Parsing);

    /// <summary>The command tree: <c>electrode</c> and its sub-commands, with help that ends in each command's notes.</summary>
    private static RootCommand CreateRoot()
    {
        var replica = new ReplicaCommand();
        var client = new ClientCommand();
        var check = new CheckCommand();
        var attach = new AttachCommand();
        var detach = new DetachCommand();
        var status = new StatusCommand();
        var demo = new DemoCommand();
        var bench = new BenchCommand();
        var root = new RootCommand(Description) { replica, client, check, attach, detach, status, demo, bench };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithNotesAction((HelpAction)help.Action!, new Dictionary<Command, string>
        {
            [root] = Notes,
            [replica] = ReplicaCommand.Notes,
            [client] = ClientCommand.Notes,
            [check] = CheckCommand.Notes,
            [attach] = AttachCommand.Notes,
            [detach] = DetachCommand.Notes,
            [status] = StatusCommand.Notes,
            [demo] = DemoCommand.Notes,
            [bench] = BenchCommand.Notes,
        });
        return root;
    }
}
