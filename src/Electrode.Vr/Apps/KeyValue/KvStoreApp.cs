namespace Electrode.Vr.Apps.KeyValue;

/// <summary>
/// A replicated key-value store: logged operations are encoded <see cref="KvOperation"/>s, replies are
/// encoded <see cref="KvReply"/>s. Unlogged operations may only be Gets (they read this replica's state,
/// which may lag the leader's). A malformed operation gets a BadRequest reply and changes nothing, the same
/// on every replica.
/// </summary>
public sealed class KvStoreApp : IApp
{
    private readonly Dictionary<string, byte[]> store = [];

    /// <summary>Number of keys stored.</summary>
    public int Count => store.Count;

    /// <inheritdoc />
    public byte[] Execute(ulong opNumber, ReadOnlySpan<byte> operation)
    {
        if (!KvOperation.TryDecode(operation, out var op)) return BadRequest();
        var key = Convert.ToHexString(op!.Key);
        switch (op.OpCode)
        {
            case KvOpCode.Put:
                store[key] = op.Value;
                return new KvReply(KvStatus.Ok, []).Encode();
            case KvOpCode.Delete:
                return new KvReply(store.Remove(key) ? KvStatus.Ok : KvStatus.NotFound, []).Encode();
            default:
                return Read(key);
        }
    }

    /// <inheritdoc />
    public byte[] ExecuteUnlogged(ReadOnlySpan<byte> operation)
    {
        if (!KvOperation.TryDecode(operation, out var op) || op!.OpCode != KvOpCode.Get) return BadRequest();
        return Read(Convert.ToHexString(op.Key));
    }

    private byte[] Read(string key) =>
        store.TryGetValue(key, out var value)
            ? new KvReply(KvStatus.Ok, value).Encode()
            : new KvReply(KvStatus.NotFound, []).Encode();

    private static byte[] BadRequest() => new KvReply(KvStatus.BadRequest, []).Encode();
}
