namespace Electrode.Cluster;

/// <summary>A cluster could not be built, run or taken down; the message says what failed and what to do.</summary>
public sealed class ClusterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ClusterException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
