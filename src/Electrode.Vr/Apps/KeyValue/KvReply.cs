namespace Electrode.Vr.Apps.KeyValue;

/// <summary>Outcome of a key-value operation.</summary>
public enum KvStatus : byte
{
    /// <summary>Done; a Get carries the value.</summary>
    Ok = 0,
    /// <summary>The key does not exist (Get or Delete).</summary>
    NotFound = 1,
    /// <summary>The operation could not be decoded, or is not allowed unlogged.</summary>
    BadRequest = 2,
}

/// <summary>
/// A key-value reply and its encoding: <c>[u8 status][value bytes: the rest, for a successful Get]</c>.
/// </summary>
public sealed record KvReply(KvStatus Status, byte[] Value)
{
    /// <summary>Encodes this reply.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[1 + Value.Length];
        bytes[0] = (byte)Status;
        Value.CopyTo(bytes, 1);
        return bytes;
    }

    /// <summary>Decodes a reply; returns false for an empty buffer or an unknown status.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out KvReply? reply)
    {
        reply = null;
        if (bytes.Length == 0 || bytes[0] > (byte)KvStatus.BadRequest) return false;
        reply = new KvReply((KvStatus)bytes[0], bytes[1..].ToArray());
        return true;
    }
}
