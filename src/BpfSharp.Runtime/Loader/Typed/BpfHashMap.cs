namespace BpfSharp.Loader;

/// <summary>A loaded <c>BPF_MAP_TYPE_HASH</c> (a <see cref="HashMap{TKey, TValue}"/> in the program).</summary>
/// <typeparam name="TKey">The key type the program declared.</typeparam>
/// <typeparam name="TValue">The value type the program declared.</typeparam>
public sealed class BpfHashMap<TKey, TValue> : BpfKeyValueMap<TKey, TValue> where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Views <paramref name="handle"/> as a hash map from <typeparamref name="TKey"/> to <typeparamref name="TValue"/>.</summary>
    /// <exception cref="ArgumentException">The map is not a hash map, or its key or value size differs.</exception>
    public BpfHashMap(BpfMapHandle handle) : base(handle, BpfMapType.Hash) { }
}
