namespace Electrode.Cli.Options;

/// <summary>
/// A command line that parsed but cannot be run as asked, found by the command itself: options that contradict each
/// other, an index the cluster file lacks, a file it cannot read or write, something this build cannot do. Reported
/// as a parse error is: the message in one line, exit 2.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
