namespace BpfSharp;

/// <summary>
/// A map descriptor: the shape of a kernel map (type, key and value size, max entries). In a compiled object it is
/// the map's <c>.maps</c> entry; in-process its storage belongs to the host running the program (an in-process
/// kernel), so two kernels (two tests) never share state.
/// </summary>
public abstract class BpfMap
{
    private protected BpfMap(MapKind kind, int keySize, int valueSize, int maxEntries)
    {
        if (maxEntries <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxEntries), maxEntries, "a map needs at least one entry");
        Kind = kind;
        KeySize = keySize;
        ValueSize = valueSize;
        MaxEntries = maxEntries;
    }

    /// <summary>Kernel map type.</summary>
    public MapKind Kind { get; }

    /// <summary>Size of a key in bytes (4 for arrays, 0 for ring buffers).</summary>
    public int KeySize { get; }

    /// <summary>Size of a value in bytes (0 for ring buffers).</summary>
    public int ValueSize { get; }

    /// <summary>Max entries; for a ring buffer, its size in bytes.</summary>
    public int MaxEntries { get; }

    /// <summary>The host the calling program runs in; map operations outside a program run are refused.</summary>
    private protected static IProgramHost Host => ProgramHost.Current;
}
