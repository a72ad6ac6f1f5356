namespace Electrode.Cli;

/// <summary>Entry point of the <c>electrode</c> command: dispatches to one sub-command.</summary>
internal static class CommandLine
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("usage: electrode <command> [options]");
            return args.Length == 0 ? 2 : 0;
        }
        Console.Error.WriteLine($"electrode: unknown command '{args[0]}'; run 'electrode --help' for the list");
        return 2;
    }
}
