using Electrode.Cli.Client;
using Electrode.Cli.Cluster;
using Electrode.Cli.Options;
using Electrode.Cli.Replica;
using Electrode.Vr.Replica.Storage;

namespace Electrode.Cli;

/// <summary>
/// Entry point of the <c>electrode</c> command: dispatches to one sub-command. Any error the user can act on is
/// one line on standard error, prefixed with the command; bad usage and bad input exit 2, failures at run time 1.
/// </summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    private const string Help =
        """
        usage: electrode <command> [options]
        commands:
          replica   run one VR replica on UDP until SIGINT/SIGTERM
          client    closed-loop load on a cluster; prints throughput and latency percentiles
        'electrode <command> --help' describes a command's options and the cluster file format.
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            (args.Length == 0 ? error : output).WriteLine(Help);
            return args.Length == 0 ? BadUsage : Ok;
        }
        string command = args[0];
        var rest = args[1..];
        try
        {
            return command switch
            {
                ReplicaCommand.Name => ReplicaCommand.Run(rest, output, error),
                ClientCommand.Name => ClientCommand.Run(rest, output, error),
                _ => throw new UsageException($"unknown command '{command}'; run 'electrode --help' for the list"),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine(Prefix(command) + e.Message);
            return BadUsage;
        }
        catch (ClusterFileException e)
        {
            error.WriteLine(Prefix(command) + e.Message);
            return BadUsage;
        }
        catch (ReplicaDataDirectoryException e)
        {
            error.WriteLine(Prefix(command) + e.Message);
            return Failed;
        }
        catch (InvalidOperationException e) when (e.InnerException is System.Net.Sockets.SocketException)
        {
            error.WriteLine(Prefix(command) + e.Message);
            return Failed;
        }
    }

    private static string Prefix(string command) =>
        command is ReplicaCommand.Name or ClientCommand.Name ? $"electrode {command}: " : "electrode: ";
}
