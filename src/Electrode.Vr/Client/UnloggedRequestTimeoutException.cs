namespace Electrode.Vr.Client;

/// <summary>An unlogged request got no reply from its replica in time.</summary>
public sealed class UnloggedRequestTimeoutException(int replicaIndex, TimeSpan timeout)
    : TimeoutException($"replica {replicaIndex} did not answer the unlogged request within {timeout.TotalMilliseconds} ms; it may be down or cut off")
{
    /// <summary>The replica the request went to.</summary>
    public int ReplicaIndex { get; } = replicaIndex;
}
