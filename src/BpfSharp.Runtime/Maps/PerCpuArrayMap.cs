namespace BpfSharp;

/// <summary>
/// <c>BPF_MAP_TYPE_PERCPU_ARRAY</c>: like <see cref="ArrayMap{TValue}"/>, with one copy of each value per CPU; a program
/// sees the copy of the CPU it runs on, so counters need no atomics. Userspace reads every CPU's copy.
/// </summary>
/// <typeparam name="TValue">Value type.</typeparam>
public sealed unsafe class PerCpuArrayMap<TValue>(int maxEntries)
    : BpfMap(MapKind.PerCpuArray, sizeof(uint), sizeof(TValue), maxEntries)
    where TValue : unmanaged
{
    /// <summary><c>bpf_map_lookup_elem</c>: this CPU's value at <paramref name="index"/>, or null when out of range.</summary>
    public TValue* Lookup(uint index) => (TValue*)Host.Lookup(this, &index);

    /// <summary><c>bpf_map_update_elem</c> on this CPU's copy; errors as for <see cref="ArrayMap{TValue}.Update"/>.</summary>
    public int Update(uint index, in TValue value, UpdateFlags flags = UpdateFlags.Any)
    {
        fixed (TValue* v = &value) return Host.Update(this, &index, v, flags);
    }
}
