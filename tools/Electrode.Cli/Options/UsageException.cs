namespace Electrode.Cli.Options;

/// <summary>The command line is wrong or asks for something this build cannot do; the message says what, in one line.</summary>
internal sealed class UsageException(string message) : Exception(message);
