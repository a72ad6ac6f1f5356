using BpfSharp.InProcess.Storage;

namespace BpfSharp.InProcess;

// Byte-level userspace access to maps of any value type, for tools that handle every map of an object alike
// (the differential tester compares and resets maps it only knows by descriptor).
public sealed unsafe partial class InProcessKernel
{
    /// <summary>
    /// The entries of an array, hash or LRU hash map as raw bytes: for an array every index in order (key = index, little
    /// endian), for a hash map the present entries in no particular order. Per-CPU arrays give every CPU's copy
    /// concatenated, in CPU order.
    /// </summary>
    internal List<(byte[] Key, byte[] Value)> RawEntries(BpfMap map)
    {
        lock (_gate)
        {
            var entries = new List<(byte[] Key, byte[] Value)>();
            switch (StorageOf(map))
            {
                case ArrayStorage array:
                    for (uint index = 0; index < (uint)map.MaxEntries; index++)
                    {
                        var value = new byte[map.ValueSize * array.CpuCopies];
                        for (uint cpu = 0; cpu < array.CpuCopies; cpu++)
                            new ReadOnlySpan<byte>(array.Element(cpu, index), map.ValueSize).CopyTo(value.AsSpan((int)cpu * map.ValueSize));
                        entries.Add((BitConverter.GetBytes(index), value));
                    }
                    break;
                case HashStorage hash:
                    foreach (var (key, value) in hash.Entries())
                        entries.Add((key, new ReadOnlySpan<byte>((void*)value, map.ValueSize).ToArray()));
                    break;
                default:
                    throw new NotSupportedException($"a {map.Kind} map has no entries to read as bytes");
            }
            return entries;
        }
    }

    /// <summary>
    /// The values of every element of an array or per-CPU array map in index order, in one block: each element is
    /// <see cref="BpfMap.ValueSize"/> bytes per CPU copy, the copies concatenated in CPU order (as <see cref="RawEntries"/>
    /// gives an element's value). Reads the storage without allocating per element.
    /// </summary>
    internal byte[] RawArrayValues(BpfMap map)
    {
        lock (_gate)
        {
            if (StorageOf(map) is not ArrayStorage array)
                throw new NotSupportedException($"a {map.Kind} map is not an array");
            int size = map.ValueSize;
            int element = size * (int)array.CpuCopies;
            var values = new byte[element * map.MaxEntries];
            for (uint index = 0; index < (uint)map.MaxEntries; index++)
                for (uint cpu = 0; cpu < array.CpuCopies; cpu++)
                    new ReadOnlySpan<byte>(array.Element(cpu, index), size).CopyTo(values.AsSpan((int)index * element + (int)cpu * size, size));
            return values;
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> under <paramref name="key"/> as the bpf syscall would (<c>BPF_ANY</c>); a per-CPU
    /// array takes one value per CPU, concatenated. Returns 0 or the negative error of the update.
    /// </summary>
    internal int RawUpdate(BpfMap map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        lock (_gate)
        {
            MapStorage storage = StorageOf(map);
            if (key.Length != map.KeySize)
                throw new ArgumentException($"map keys are {map.KeySize} bytes, not {key.Length}", nameof(key));
            if (storage is ArrayStorage array)
            {
                if (value.Length != map.ValueSize * array.CpuCopies)
                    throw new ArgumentException($"the map takes {array.CpuCopies} value(s) of {map.ValueSize} bytes, not {value.Length} bytes", nameof(value));
                uint index = BitConverter.ToUInt32(key);
                int error = array.CheckUpdate(index, UpdateFlags.Any);
                if (error == 0)
                    for (uint cpu = 0; cpu < array.CpuCopies; cpu++)
                        value.Slice((int)cpu * map.ValueSize, map.ValueSize).CopyTo(new Span<byte>(array.Element(cpu, index), map.ValueSize));
                return error;
            }
            if (value.Length != map.ValueSize)
                throw new ArgumentException($"map values are {map.ValueSize} bytes, not {value.Length}", nameof(value));
            fixed (byte* keyPointer = key)
            fixed (byte* valuePointer = value)
                return storage.Update(keyPointer, valuePointer, UpdateFlags.Any, _retire);
        }
    }

    /// <summary>Deletes the entry under <paramref name="key"/> of a hash map; 0 or <c>-ENOENT</c>.</summary>
    internal int RawDelete(BpfMap map, ReadOnlySpan<byte> key)
    {
        lock (_gate)
        {
            MapStorage storage = StorageOf(map);
            fixed (byte* keyPointer = key)
                return storage.Delete(keyPointer, _retire);
        }
    }
}
