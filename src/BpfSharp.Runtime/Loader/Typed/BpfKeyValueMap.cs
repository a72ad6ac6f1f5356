namespace BpfSharp.Loader;

/// <summary>What hash maps of either kind offer: entries that come and go under keys.</summary>
/// <typeparam name="TKey">The key type the program declared.</typeparam>
/// <typeparam name="TValue">The value type the program declared.</typeparam>
public abstract unsafe class BpfKeyValueMap<TKey, TValue> : BpfTypedMap where TKey : unmanaged where TValue : unmanaged
{
    private protected BpfKeyValueMap(BpfMapHandle handle, BpfMapType type) : base(handle, type, sizeof(TKey), sizeof(TValue)) { }

    /// <summary>Reads the value under a key; false when the key is absent.</summary>
    public bool TryLookup(in TKey key, out TValue value) => Handle.TryLookup(in key, out value);

    /// <summary>Stores a value under a key, as <paramref name="flags"/> allows.</summary>
    /// <exception cref="BpfException">EEXIST (NoExist and the key is present), ENOENT (Exist and it is absent), E2BIG (full).</exception>
    public void Update(in TKey key, in TValue value, UpdateFlags flags = UpdateFlags.Any) => Handle.Update(in key, in value, flags);

    /// <summary>Removes the entry under a key; false when the key was absent.</summary>
    public bool Delete(in TKey key) => Handle.Delete(in key);

    /// <summary>All keys currently in the map, in the kernel's iteration order.</summary>
    public List<TKey> Keys() => Handle.Keys<TKey>();

    /// <summary>Every entry currently in the map, in the kernel's key order.</summary>
    public List<KeyValuePair<TKey, TValue>> Entries() => Handle.Entries<TKey, TValue>();
}
