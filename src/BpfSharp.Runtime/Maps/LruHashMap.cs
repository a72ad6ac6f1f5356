namespace BpfSharp;

/// <summary>
/// <c>BPF_MAP_TYPE_LRU_HASH</c>: a hash map that, when full, evicts the least recently used entry to make room instead
/// of failing.
/// </summary>
/// <remarks>
/// The kernel's LRU is approximate and may evict several entries at once (on kernel 6.18, inserting a 65th key into a
/// 64-entry map left 49, the oldest gone); the in-process kernel evicts exactly the one least recently used. Rely on the
/// most recently used entries surviving, not on how many older ones do.
/// </remarks>
/// <typeparam name="TKey">Key type.</typeparam>
/// <typeparam name="TValue">Value type.</typeparam>
public sealed unsafe class LruHashMap<TKey, TValue>(int maxEntries)
    : BpfMap(MapKind.LruHash, sizeof(TKey), sizeof(TValue), maxEntries)
    where TKey : unmanaged
    where TValue : unmanaged
{
    /// <summary><c>bpf_map_lookup_elem</c>: pointer to the value (marking it recently used), or null when absent.</summary>
    public TValue* Lookup(in TKey key)
    {
        fixed (TKey* k = &key) return (TValue*)Host.Lookup(this, k);
    }

    /// <summary><c>bpf_map_update_elem</c>: as for <see cref="HashMap{TKey,TValue}.Update"/>, but a full map evicts instead of failing.</summary>
    public int Update(in TKey key, in TValue value, UpdateFlags flags = UpdateFlags.Any)
    {
        fixed (TKey* k = &key)
        fixed (TValue* v = &value)
            return Host.Update(this, k, v, flags);
    }

    /// <summary><c>bpf_map_delete_elem</c>: 0, or <c>-ENOENT</c> when the key is absent.</summary>
    public int Delete(in TKey key)
    {
        fixed (TKey* k = &key) return Host.Delete(this, k);
    }
}
