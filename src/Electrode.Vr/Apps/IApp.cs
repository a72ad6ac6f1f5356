namespace Electrode.Vr.Apps;

/// <summary>
/// The replicated state machine a replica drives. Logged operations run in log order on every replica
/// and must be deterministic; unlogged operations run on one replica only and must not change state
/// that logged operations depend on.
/// </summary>
public interface IApp
{
    /// <summary>Executes the committed operation with number <paramref name="opNumber"/> and returns the reply bytes.</summary>
    byte[] Execute(ulong opNumber, ReadOnlySpan<byte> operation);

    /// <summary>Executes an unlogged (read-only, possibly stale) operation and returns the reply bytes.</summary>
    byte[] ExecuteUnlogged(ReadOnlySpan<byte> operation);
}
