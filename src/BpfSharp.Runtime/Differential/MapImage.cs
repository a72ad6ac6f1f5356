namespace BpfSharp.Differential;

/// <summary>
/// One side's content of a map as the tester compares it: for an array every element's value in index order in one
/// block (a per-CPU value summed over CPUs), so that two sides compare as two byte blocks; for a hash map its entries.
/// </summary>
internal sealed class MapImage
{
    private MapImage(byte[]? values, int valueSize, List<(byte[] Key, byte[] Value)>? entries)
    {
        Values = values;
        ValueSize = valueSize;
        Entries = entries;
    }

    /// <summary>An array's values, <see cref="ValueSize"/> bytes per element in index order; null for a hash map.</summary>
    public byte[]? Values { get; }

    /// <summary>The size of one value.</summary>
    public int ValueSize { get; }

    /// <summary>A hash map's entries in no particular order; null for an array.</summary>
    public List<(byte[] Key, byte[] Value)>? Entries { get; }

    /// <summary>The image of an array whose values are <paramref name="values"/>, <paramref name="valueSize"/> bytes each.</summary>
    public static MapImage OfArray(byte[] values, int valueSize) => new(values, valueSize, null);

    /// <summary>The image of a hash map holding <paramref name="entries"/>.</summary>
    public static MapImage OfHash(List<(byte[] Key, byte[] Value)> entries) => new(null, 0, entries);

    /// <summary>The number of array elements.</summary>
    public int Count => Values is null ? Entries!.Count : Values.Length / ValueSize;

    /// <summary>The value of array element <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Element(int index) => Values.AsSpan(index * ValueSize, ValueSize);

    /// <summary>The key of array element <paramref name="index"/>: the index as 4 little-endian bytes.</summary>
    public static byte[] IndexKey(int index) => BitConverter.GetBytes((uint)index);

    /// <summary>The entries as key/value pairs (an array's by index), for messages and slow paths.</summary>
    public List<(byte[] Key, byte[] Value)> ToEntries()
    {
        if (Entries is not null)
            return Entries;
        var entries = new List<(byte[] Key, byte[] Value)>(Count);
        for (int index = 0; index < Count; index++)
            entries.Add((IndexKey(index), Element(index).ToArray()));
        return entries;
    }
}
