namespace Electrode.Cli.Cluster;

/// <summary>A cluster file that cannot be used; the message names the file and, where it applies, the line.</summary>
internal sealed class ClusterFileException(string message, Exception? inner = null) : Exception(message, inner);
