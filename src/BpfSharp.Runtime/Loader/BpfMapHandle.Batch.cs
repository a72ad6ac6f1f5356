using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

// Batched reads and writes (BPF_MAP_LOOKUP_BATCH, BPF_MAP_UPDATE_BATCH, kernel 5.6+): a whole map in one or a few
// system calls instead of two per entry.
public sealed unsafe partial class BpfMapHandle
{
    /// <summary>
    /// The bytes one entry takes in a batch values buffer: the value size, or for a per-CPU map
    /// <see cref="PossibleCpus"/> slots of <see cref="PerCpuValueStride"/> bytes.
    /// </summary>
    public int BatchValueSize => IsPerCpu ? PerCpuValueStride * PossibleCpus : ValueSize;

    /// <summary>
    /// Reads every entry of the map with <c>BPF_MAP_LOOKUP_BATCH</c>: the keys into <paramref name="keys"/> and the values
    /// (<see cref="BatchValueSize"/> bytes each) into <paramref name="values"/>, entry i at i times the size, arrays by
    /// index and hash maps in the kernel's bucket order. Both buffers must hold the map's maximum number of entries.
    /// </summary>
    /// <returns>The number of entries read (for an array, its every element).</returns>
    /// <exception cref="ArgumentException">A buffer is too small for the map's maximum number of entries.</exception>
    /// <exception cref="BpfException">The kernel refused the batch (EINVAL on kernels before 5.6 or map types without batches).</exception>
    public int LookupBatch(Span<byte> keys, Span<byte> values)
    {
        int capacity = Info.MaxEntries;
        CheckBatchBuffer(keys, capacity * KeySize, "key", nameof(keys));
        CheckBatchBuffer(values, capacity * BatchValueSize, "value", nameof(values));
        // Arrays take a key as the batch position, hash maps a 32-bit bucket index: room for either.
        int positionSize = Math.Max(KeySize, sizeof(ulong));
        byte* inPosition = stackalloc byte[positionSize];
        byte* outPosition = stackalloc byte[positionSize];
        int total = 0;
        fixed (byte* keysPointer = keys)
        fixed (byte* valuesPointer = values)
        {
            while (total < capacity)
            {
                uint count = (uint)(capacity - total);
                int result = Libbpf.MapLookupBatch(Fd, total == 0 ? null : inPosition, outPosition,
                    keysPointer + (nint)total * KeySize, valuesPointer + (nint)total * BatchValueSize, &count, null);
                if (result < 0 && result != -Errno.ENOENT)
                    throw BpfException.FromErrno($"Reading map '{Name}' in batches", result);
                total += (int)count;
                if (result == -Errno.ENOENT || count == 0)
                    break;
                Buffer.MemoryCopy(outPosition, inPosition, positionSize, positionSize);
            }
        }
        return total;
    }

    /// <summary>
    /// Writes the entries of <paramref name="keys"/> (<see cref="KeySize"/> bytes each) and <paramref name="values"/>
    /// (<see cref="BatchValueSize"/> bytes each) with one <c>BPF_MAP_UPDATE_BATCH</c>, as <paramref name="flags"/> allows for each.
    /// </summary>
    /// <exception cref="ArgumentException">The buffers do not hold whole entries, or not as many values as keys.</exception>
    /// <exception cref="BpfException">The kernel refused an entry; the message says how many were written before it.</exception>
    public void UpdateBatch(ReadOnlySpan<byte> keys, ReadOnlySpan<byte> values, UpdateFlags flags = UpdateFlags.Any)
    {
        if (!Enum.IsDefined(flags))
            throw new ArgumentOutOfRangeException(nameof(flags), flags, "Use Any, NoExist or Exist.");
        if (keys.Length % KeySize != 0)
            throw new ArgumentException($"Map '{Name}' has {KeySize}-byte keys; {keys.Length} bytes are not whole keys.", nameof(keys));
        int entries = keys.Length / KeySize;
        if (values.Length != entries * BatchValueSize)
            throw new ArgumentException(
                $"Map '{Name}' takes {BatchValueSize} value bytes per entry: {entries} keys need {entries * BatchValueSize} bytes, not {values.Length}.",
                nameof(values));
        if (entries == 0)
            return;
        var options = new BpfMapBatchOpts { Size = (nuint)sizeof(BpfMapBatchOpts), ElementFlags = (ulong)flags };
        uint count = (uint)entries;
        fixed (byte* keysPointer = keys)
        fixed (byte* valuesPointer = values)
        {
            int result = Libbpf.MapUpdateBatch(Fd, keysPointer, valuesPointer, &count, &options);
            if (result < 0)
                throw new BpfException(
                    $"{UpdateFailure(flags, result).Message} (batch of {entries} entries: {count} written before the refused one)", result);
        }
    }

    private void CheckBatchBuffer(ReadOnlySpan<byte> buffer, int needed, string what, string parameter)
    {
        if (buffer.Length < needed)
            throw new ArgumentException(
                $"Map '{Name}' holds up to {Info.MaxEntries} entries: the {what} buffer needs {needed} bytes, not {buffer.Length}.", parameter);
    }
}
