namespace BpfSharp.Loader;

/// <summary>
/// A loaded <c>BPF_MAP_TYPE_ARRAY</c> (an <see cref="ArrayMap{TValue}"/> in the program): values indexed by a u32, every
/// entry present from creation.
/// </summary>
/// <typeparam name="TValue">The value type the program declared.</typeparam>
public sealed unsafe class BpfArrayMap<TValue> : BpfTypedMap where TValue : unmanaged
{
    /// <summary>Views <paramref name="handle"/> as an array of <typeparamref name="TValue"/>.</summary>
    /// <exception cref="ArgumentException">The map is not an array, or its value size is not <typeparamref name="TValue"/>'s.</exception>
    public BpfArrayMap(BpfMapHandle handle) : base(handle, BpfMapType.Array, sizeof(uint), sizeof(TValue)) { }

    /// <summary>The value at an index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    public TValue this[uint index]
    {
        get => Lookup(index);
        set => Update(index, value);
    }

    /// <summary>Reads the value at an index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    public TValue Lookup(uint index)
    {
        CheckIndex(index);
        Handle.TryLookup(in index, out TValue value);
        return value;
    }

    /// <summary>Writes the value at an index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    public void Update(uint index, in TValue value)
    {
        CheckIndex(index);
        Handle.Update(in index, in value);
    }
}
