namespace BpfSharp;

/// <summary>
/// <c>BPF_MAP_TYPE_ARRAY</c>: <paramref name="maxEntries"/> preallocated, zero-initialised values indexed by a u32.
/// Entries cannot be deleted.
/// </summary>
/// <typeparam name="TValue">Value type; its size and layout are the map's value size and BTF type.</typeparam>
public sealed unsafe class ArrayMap<TValue>(int maxEntries)
    : BpfMap(MapKind.Array, sizeof(uint), sizeof(TValue), maxEntries)
    where TValue : unmanaged
{
    /// <summary><c>bpf_map_lookup_elem</c>: pointer to the value at <paramref name="index"/>, or null when out of range.</summary>
    public TValue* Lookup(uint index) => (TValue*)Host.Lookup(this, &index);

    /// <summary>
    /// <c>bpf_map_update_elem</c>: 0, <c>-E2BIG</c> when out of range, <c>-EEXIST</c> with
    /// <see cref="UpdateFlags.NoExist"/> (array entries always exist).
    /// </summary>
    public int Update(uint index, in TValue value, UpdateFlags flags = UpdateFlags.Any)
    {
        fixed (TValue* v = &value) return Host.Update(this, &index, v, flags);
    }
}
