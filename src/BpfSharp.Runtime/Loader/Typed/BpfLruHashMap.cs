namespace BpfSharp.Loader;

/// <summary>
/// A loaded <c>BPF_MAP_TYPE_LRU_HASH</c> (an <see cref="LruHashMap{TKey, TValue}"/> in the program): when full, an
/// update evicts the least recently used entry instead of failing.
/// </summary>
/// <typeparam name="TKey">The key type the program declared.</typeparam>
/// <typeparam name="TValue">The value type the program declared.</typeparam>
public sealed class BpfLruHashMap<TKey, TValue> : BpfKeyValueMap<TKey, TValue> where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Views <paramref name="handle"/> as an LRU hash map from <typeparamref name="TKey"/> to <typeparamref name="TValue"/>.</summary>
    /// <exception cref="ArgumentException">The map is not an LRU hash map, or its key or value size differs.</exception>
    public BpfLruHashMap(BpfMapHandle handle) : base(handle, BpfMapType.LruHash) { }
}
