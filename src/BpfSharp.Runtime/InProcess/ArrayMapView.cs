using BpfSharp.InProcess.Storage;

namespace BpfSharp.InProcess;

/// <summary>
/// Userspace view of an <see cref="ArrayMap{TValue}"/> in one kernel, as the bpf syscall offers it
/// (<c>BPF_MAP_LOOKUP_ELEM</c>, <c>BPF_MAP_UPDATE_ELEM</c>): values are copied in and out.
/// </summary>
/// <typeparam name="TValue">The map's value type.</typeparam>
public sealed unsafe class ArrayMapView<TValue> where TValue : unmanaged
{
    private readonly InProcessKernel _kernel;
    private readonly ArrayMap<TValue> _map;

    internal ArrayMapView(InProcessKernel kernel, ArrayMap<TValue> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _kernel = kernel;
        _map = map;
    }

    /// <summary>A copy of the value at <paramref name="index"/>, or null when out of range (<c>-ENOENT</c> in the kernel).</summary>
    public TValue? Lookup(uint index)
    {
        lock (_kernel.Gate)
        {
            var element = (TValue*)Storage.Element(0, index);
            return element == null ? null : *element;
        }
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="index"/>: 0, <c>-E2BIG</c> out of range, <c>-EEXIST</c> with NoExist.</summary>
    public int Update(uint index, TValue value, UpdateFlags flags = UpdateFlags.Any)
    {
        lock (_kernel.Gate)
        {
            int error = Storage.CheckUpdate(index, flags);
            if (error == 0)
                *(TValue*)Storage.Element(0, index) = value;
            return error;
        }
    }

    /// <summary>
    /// Address of the value at <paramref name="index"/> in this kernel's storage, as userspace maps an array created
    /// with <see cref="MapFlags.Mmapable"/>: programs and the caller share the memory (exchange with
    /// <see cref="Interlocked"/>), which lives as long as the kernel. Null when out of range.
    /// </summary>
    public TValue* ElementPointer(uint index)
    {
        lock (_kernel.Gate)
            return (TValue*)Storage.Element(0, index);
    }

    /// <summary>Copies of every value, index by index.</summary>
    public TValue[] ToArray()
    {
        lock (_kernel.Gate)
        {
            var values = new TValue[_map.MaxEntries];
            for (uint index = 0; index < values.Length; index++)
                values[index] = *(TValue*)Storage.Element(0, index);
            return values;
        }
    }

    private ArrayStorage Storage => _kernel.UserspaceStorage<ArrayStorage>(_map);
}
