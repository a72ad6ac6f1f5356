using System.Runtime.InteropServices;

namespace BpfSharp.InProcess.Storage;

/// <summary>
/// <c>BPF_MAP_TYPE_ARRAY</c> and <c>BPF_MAP_TYPE_PERCPU_ARRAY</c>: preallocated, zeroed elements of the value size
/// rounded up to 8, one block per CPU for a per-CPU array. A program sees the copy of the CPU it runs on.
/// </summary>
internal sealed unsafe class ArrayStorage : MapStorage
{
    private readonly byte*[] _copies;
    private readonly int _elementSize;
    private readonly Func<uint> _currentCpu;

    public ArrayStorage(BpfMap descriptor, uint cpuCopies, Func<uint> currentCpu) : base(descriptor)
    {
        _elementSize = RoundUpTo8(descriptor.ValueSize);
        _currentCpu = currentCpu;
        _copies = new byte*[cpuCopies];
        nuint bytes = (nuint)_elementSize * (nuint)descriptor.MaxEntries;
        for (int cpu = 0; cpu < _copies.Length; cpu++)
        {
            _copies[cpu] = (byte*)NativeMemory.AlignedAlloc(bytes, 8);
            NativeMemory.Clear(_copies[cpu], bytes);
        }
    }

    public int CpuCopies => _copies.Length;

    /// <summary>The element at <paramref name="index"/> in <paramref name="cpu"/>'s copy, or null when out of range.</summary>
    public void* Element(uint cpu, uint index) =>
        index < (uint)Descriptor.MaxEntries ? _copies[cpu] + (nuint)index * (nuint)_elementSize : null;

    public override void* Lookup(void* key, bool fromProgram) => Element(CurrentCopy, *(uint*)key);

    public override int Update(void* key, void* value, UpdateFlags flags, BlockRetirer retire)
    {
        uint index = *(uint*)key;
        int error = CheckUpdate(index, flags);
        if (error == 0)
            Buffer.MemoryCopy(value, Element(CurrentCopy, index), Descriptor.ValueSize, Descriptor.ValueSize);
        return error;
    }

    /// <summary>The checks of <c>array_map_update_elem</c>, in its order: flags, range, then NoExist.</summary>
    public int CheckUpdate(uint index, UpdateFlags flags)
    {
        if (!AreValid(flags))
            return -Errno.EINVAL;
        if (index >= (uint)Descriptor.MaxEntries)
            return -Errno.E2BIG;
        return flags == UpdateFlags.NoExist ? -Errno.EEXIST : 0;
    }

    /// <summary>The copy a program sees: its CPU's for a per-CPU array, the only one otherwise.</summary>
    private uint CurrentCopy => _copies.Length == 1 ? 0 : _currentCpu();

    /// <summary>Array elements always exist: <c>array_map_delete_elem</c> answers <c>-EINVAL</c>.</summary>
    public override int Delete(void* key, BlockRetirer retire) => -Errno.EINVAL;

    public override void Dispose()
    {
        for (int cpu = 0; cpu < _copies.Length; cpu++)
        {
            if (_copies[cpu] != null)
                NativeMemory.AlignedFree(_copies[cpu]);
            _copies[cpu] = null;
        }
    }
}
