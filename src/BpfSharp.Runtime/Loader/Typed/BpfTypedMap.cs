namespace BpfSharp.Loader;

/// <summary>
/// A loaded map seen through the types a program declared it with. Construction checks the kernel map's type and its key
/// and value sizes against those types, so a typed map never hands the kernel a buffer of the wrong size.
/// </summary>
public abstract unsafe class BpfTypedMap
{
    private protected BpfTypedMap(BpfMapHandle handle, BpfMapType type, int keySize, int valueSize)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (handle.Type != type)
            throw new ArgumentException($"Map '{handle.Name}' is a {handle.Type} map, not a {type} map.", nameof(handle));
        if (handle.KeySize != keySize || handle.ValueSize != valueSize)
            throw new ArgumentException(
                $"Map '{handle.Name}' has {handle.KeySize}-byte keys and {handle.ValueSize}-byte values; the types given have " +
                $"{keySize}-byte keys and {valueSize}-byte values. Rebuild the object and its bindings from the same sources.",
                nameof(handle));
        Handle = handle;
    }

    /// <summary>The untyped map, for what the typed view does not offer (pinning, raw bytes).</summary>
    public BpfMapHandle Handle { get; }

    /// <summary>The map's name in the object.</summary>
    public string Name => Handle.Name;

    /// <summary>The map's capacity: its max entries (a ring buffer's size in bytes).</summary>
    public int MaxEntries => Handle.Info.MaxEntries;

    /// <summary>Pins the map at a path on bpffs, so it outlives this process and others can open it.</summary>
    public void Pin(string path) => Handle.Pin(path);

    /// <summary>Removes a pin of this map.</summary>
    public void Unpin(string path) => Handle.Unpin(path);

    /// <summary>Refuses an array index the kernel would answer with E2BIG or ENOENT, naming the map's size.</summary>
    private protected void CheckIndex(uint index)
    {
        if (index >= (uint)MaxEntries)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Map '{Name}' has {MaxEntries} entries.");
    }
}
