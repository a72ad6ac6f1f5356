using BpfSharp.InProcess.Storage;

namespace BpfSharp.InProcess;

/// <summary>
/// Userspace view of a <see cref="PerCpuArrayMap{TValue}"/> in one kernel: as with the bpf syscall, a lookup returns
/// every CPU's copy and an update writes every CPU's copy.
/// </summary>
/// <typeparam name="TValue">The map's value type.</typeparam>
public sealed unsafe class PerCpuArrayMapView<TValue> where TValue : unmanaged
{
    private readonly InProcessKernel _kernel;
    private readonly PerCpuArrayMap<TValue> _map;

    internal PerCpuArrayMapView(InProcessKernel kernel, PerCpuArrayMap<TValue> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _kernel = kernel;
        _map = map;
    }

    /// <summary>Copies of the value at <paramref name="index"/>, one per CPU in CPU order, or null when out of range.</summary>
    public TValue[]? Lookup(uint index)
    {
        lock (_kernel.Gate)
        {
            if (index >= (uint)_map.MaxEntries)
                return null;
            ArrayStorage storage = Storage;
            var values = new TValue[storage.CpuCopies];
            for (uint cpu = 0; cpu < values.Length; cpu++)
                values[cpu] = *(TValue*)storage.Element(cpu, index);
            return values;
        }
    }

    /// <summary>Every index's copies, one array per index with one value per CPU (iteration over the whole map).</summary>
    public TValue[][] ToArray()
    {
        lock (_kernel.Gate)
        {
            var all = new TValue[_map.MaxEntries][];
            for (uint index = 0; index < all.Length; index++)
                all[index] = Lookup(index)!;
            return all;
        }
    }

    /// <summary>Writes one value per CPU at <paramref name="index"/>; errors as for <see cref="ArrayMapView{TValue}.Update"/>.</summary>
    /// <exception cref="ArgumentException">Not exactly one value per CPU.</exception>
    public int Update(uint index, ReadOnlySpan<TValue> perCpuValues, UpdateFlags flags = UpdateFlags.Any)
    {
        lock (_kernel.Gate)
        {
            ArrayStorage storage = Storage;
            if (perCpuValues.Length != storage.CpuCopies)
                throw new ArgumentException(
                    $"a per-CPU update takes one value per CPU: {storage.CpuCopies}, not {perCpuValues.Length}", nameof(perCpuValues));
            int error = storage.CheckUpdate(index, flags);
            if (error == 0)
                for (uint cpu = 0; cpu < perCpuValues.Length; cpu++)
                    *(TValue*)storage.Element(cpu, index) = perCpuValues[(int)cpu];
            return error;
        }
    }

    /// <summary>Writes <paramref name="value"/> into every CPU's copy at <paramref name="index"/>.</summary>
    public int Update(uint index, TValue value, UpdateFlags flags = UpdateFlags.Any) =>
        Update(index, Enumerable.Repeat(value, (int)_kernel.CpuCount).ToArray(), flags);

    private ArrayStorage Storage => _kernel.UserspaceStorage<ArrayStorage>(_map);
}
