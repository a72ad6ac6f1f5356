namespace Electrode.Vr.Apps;

/// <summary>
/// Executes nothing and answers every operation with an empty reply, as the reference implementation's benchmark
/// replica does: it measures the replication protocol alone, and lets a client drive a cluster of those replicas.
/// </summary>
public sealed class NullApp : IApp
{
    /// <inheritdoc />
    public byte[] Execute(ulong opNumber, ReadOnlySpan<byte> operation) => [];

    /// <inheritdoc />
    public byte[] ExecuteUnlogged(ReadOnlySpan<byte> operation) => [];
}
