namespace Electrode.Cli.Attach;

/// <summary>attach, detach or status cannot do what was asked on this system as it is; one line, exit 1.</summary>
internal sealed class AttachException(string message) : Exception(message);
