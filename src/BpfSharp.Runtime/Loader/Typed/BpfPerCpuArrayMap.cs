namespace BpfSharp.Loader;

/// <summary>
/// A loaded <c>BPF_MAP_TYPE_PERCPU_ARRAY</c> (a <see cref="PerCpuArrayMap{TValue}"/> in the program): each index holds one
/// value per possible CPU.
/// </summary>
/// <typeparam name="TValue">The value type the program declared.</typeparam>
public sealed unsafe class BpfPerCpuArrayMap<TValue> : BpfTypedMap where TValue : unmanaged
{
    /// <summary>Views <paramref name="handle"/> as a per-CPU array of <typeparamref name="TValue"/>.</summary>
    /// <exception cref="ArgumentException">The map is not a per-CPU array, or its value size is not <typeparamref name="TValue"/>'s.</exception>
    public BpfPerCpuArrayMap(BpfMapHandle handle) : base(handle, BpfMapType.PerCpuArray, sizeof(uint), sizeof(TValue)) { }

    /// <summary>Every possible CPU's value at an index (array index = CPU number).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    public TValue[] Lookup(uint index)
    {
        CheckIndex(index);
        return Handle.LookupPerCpu<uint, TValue>(in index) ?? new TValue[BpfMapHandle.PossibleCpus];
    }

    /// <summary>Writes one value per possible CPU at an index (<paramref name="values"/> has <see cref="BpfMapHandle.PossibleCpus"/> items).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    public void Update(uint index, ReadOnlySpan<TValue> values)
    {
        CheckIndex(index);
        Handle.UpdatePerCpu(in index, values);
    }
}
