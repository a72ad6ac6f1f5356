namespace BpfSharp;

/// <summary>
/// <c>BPF_MAP_TYPE_HASH</c>: up to <paramref name="maxEntries"/> values by key. Inserting into a full map fails with
/// <c>-E2BIG</c>.
/// </summary>
/// <typeparam name="TKey">Key type; its size is the map's key size (the kernel compares keys bytewise).</typeparam>
/// <typeparam name="TValue">Value type.</typeparam>
public sealed unsafe class HashMap<TKey, TValue>(int maxEntries)
    : BpfMap(MapKind.Hash, sizeof(TKey), sizeof(TValue), maxEntries)
    where TKey : unmanaged
    where TValue : unmanaged
{
    /// <summary><c>bpf_map_lookup_elem</c>: pointer to the value, or null when the key is absent.</summary>
    public TValue* Lookup(in TKey key)
    {
        fixed (TKey* k = &key) return (TValue*)Host.Lookup(this, k);
    }

    /// <summary>
    /// <c>bpf_map_update_elem</c>: 0; <c>-EEXIST</c> (NoExist on a present key), <c>-ENOENT</c> (Exist on an absent key),
    /// <c>-E2BIG</c> (a new key in a full map).
    /// </summary>
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
