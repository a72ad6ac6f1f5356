using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BpfSharp;

/// <summary>Typed reads of fixed-layout ring-buffer records (the <c>TRecord</c> a program reserved).</summary>
public static class RingBufferReaderExtensions
{
    /// <summary>Takes the next record as a <typeparamref name="TRecord"/>; false when none is ready.</summary>
    /// <exception cref="InvalidDataException">The record is shorter than <typeparamref name="TRecord"/> (it was consumed).</exception>
    public static bool TryRead<TRecord>(this IRingBufferReader reader, out TRecord record) where TRecord : unmanaged
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.TryRead(out byte[] bytes))
        {
            record = default;
            return false;
        }
        if (bytes.Length < Unsafe.SizeOf<TRecord>())
            throw new InvalidDataException(
                $"a {bytes.Length}-byte ring-buffer record is shorter than {typeof(TRecord).Name} ({Unsafe.SizeOf<TRecord>()} bytes)");
        record = MemoryMarshal.Read<TRecord>(bytes);
        return true;
    }
}
