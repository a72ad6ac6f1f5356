using BpfSharp.Loader;
using BpfSharp.Loader.Interop;

namespace BpfSharp.Differential;

/// <summary>Reads every element of a kernel array map in one <c>BPF_MAP_LOOKUP_BATCH</c> call, as the tester compares after each run.</summary>
internal static unsafe class ArrayBatchReader
{
    /// <summary>
    /// The values of all <paramref name="entries"/> elements of <paramref name="map"/>, concatenated in index order; for a
    /// per-CPU array each element holds <see cref="BpfMapHandle.PossibleCpus"/> copies of <see cref="BpfMapHandle.PerCpuValueStride"/> bytes.
    /// </summary>
    /// <exception cref="BpfException">The kernel refused the batch lookup or returned fewer elements than the array holds.</exception>
    public static byte[] ReadAll(BpfMapHandle map, int entries)
    {
        int valueBytes = map.IsPerCpu ? map.PerCpuValueStride * BpfMapHandle.PossibleCpus : map.ValueSize;
        var values = new byte[valueBytes * entries];
        var keys = new uint[entries];
        uint count = (uint)entries;
        uint next = 0;
        fixed (byte* valuesPointer = values)
        fixed (uint* keysPointer = keys)
        {
            int result = Libbpf.MapLookupBatch(map.Fd, null, &next, keysPointer, valuesPointer, &count, null);
            if (result < 0 && result != -Errno.ENOENT)
                throw BpfException.FromErrno($"Reading array map '{map.Name}' in one batch", result);
        }
        if (count != entries)
            throw new BpfException($"array map '{map.Name}' returned {count} of its {entries} elements in one batch", Errno.EAGAIN);
        return values;
    }
}
