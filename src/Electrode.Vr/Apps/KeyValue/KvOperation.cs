using System.Buffers.Binary;

namespace Electrode.Vr.Apps.KeyValue;

/// <summary>What a key-value operation does.</summary>
public enum KvOpCode : byte
{
    /// <summary>Reads the value of a key.</summary>
    Get = 1,
    /// <summary>Sets the value of a key.</summary>
    Put = 2,
    /// <summary>Removes a key.</summary>
    Delete = 3,
}

/// <summary>
/// One key-value operation and its binary encoding:
/// <c>[u8 opcode][u16 little-endian key length][key bytes][value bytes: the rest, Put only]</c>.
/// Keys are 1 to 65535 bytes; a Get or Delete carries no value bytes.
/// </summary>
public sealed record KvOperation(KvOpCode OpCode, byte[] Key, byte[] Value)
{
    private const int HeaderLength = 3;

    /// <summary>A Get of <paramref name="key"/>.</summary>
    public static KvOperation Get(byte[] key) => new(KvOpCode.Get, key, []);

    /// <summary>A Put of <paramref name="value"/> under <paramref name="key"/>.</summary>
    public static KvOperation Put(byte[] key, byte[] value) => new(KvOpCode.Put, key, value);

    /// <summary>A Delete of <paramref name="key"/>.</summary>
    public static KvOperation Delete(byte[] key) => new(KvOpCode.Delete, key, []);

    /// <summary>Encodes this operation.</summary>
    /// <exception cref="ArgumentException">The key is empty or longer than 65535 bytes, or a non-Put carries a value.</exception>
    public byte[] Encode()
    {
        if (Key.Length is 0 or > ushort.MaxValue)
            throw new ArgumentException($"a key has 1 to {ushort.MaxValue} bytes, not {Key.Length}");
        if (OpCode != KvOpCode.Put && Value.Length != 0)
            throw new ArgumentException($"only a Put carries a value, not a {OpCode}");
        var bytes = new byte[HeaderLength + Key.Length + Value.Length];
        bytes[0] = (byte)OpCode;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1), (ushort)Key.Length);
        Key.CopyTo(bytes, HeaderLength);
        Value.CopyTo(bytes, HeaderLength + Key.Length);
        return bytes;
    }

    /// <summary>Decodes an operation; returns false for anything that is not a well-formed encoding.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out KvOperation? operation)
    {
        operation = null;
        if (bytes.Length < HeaderLength) return false;
        var opCode = (KvOpCode)bytes[0];
        if (opCode is not (KvOpCode.Get or KvOpCode.Put or KvOpCode.Delete)) return false;
        int keyLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[1..]);
        if (keyLength == 0 || bytes.Length < HeaderLength + keyLength) return false;
        var value = bytes[(HeaderLength + keyLength)..];
        if (opCode != KvOpCode.Put && value.Length != 0) return false;
        operation = new KvOperation(opCode, bytes.Slice(HeaderLength, keyLength).ToArray(), value.ToArray());
        return true;
    }
}
