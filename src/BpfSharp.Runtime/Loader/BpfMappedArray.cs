using System.Runtime.InteropServices;
using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>
/// The values of an array map created with <see cref="MapFlags.Mmapable"/>, mapped into this process: the memory the
/// programs read and write, so userspace can exchange a value atomically with them (<see cref="Interlocked"/> on a
/// field of <see cref="this[int]"/>). Unmapped on dispose; a reference taken before must not be used after.
/// </summary>
/// <typeparam name="TValue">The map's value type; its size is the map's value size.</typeparam>
public sealed unsafe class BpfMappedArray<TValue> : IDisposable where TValue : unmanaged
{
    private readonly int count;
    private readonly nuint stride;
    private nuint length;
    private byte* memory;

    internal BpfMappedArray(BpfMapHandle map)
    {
        if (map.Type != BpfMapType.Array)
            throw new InvalidOperationException($"Map '{map.Name}' is a {map.Type} map; only an array map can be mapped into memory.");
        if ((map.Info.Flags & (uint)MapFlags.Mmapable) == 0)
            throw new InvalidOperationException(
                $"Map '{map.Name}' was created without BPF_F_MMAPABLE: declare it [Map(Flags = MapFlags.Mmapable)] to map it into memory.");
        if (map.ValueSize != sizeof(TValue))
            throw new ArgumentException($"Map '{map.Name}' has {map.ValueSize}-byte values; {typeof(TValue).Name} has {sizeof(TValue)} bytes.");
        count = map.Info.MaxEntries;
        // The kernel lays an array's values out 8-byte aligned from the start of its page-aligned value area.
        stride = (nuint)((map.ValueSize + 7) & ~7);
        nuint page = (nuint)Environment.SystemPageSize;
        length = (stride * (nuint)count + page - 1) / page * page;
        void* mapped = Libc.MapMemory(null, length, Libc.ProtectRead | Libc.ProtectWrite, Libc.MapShared, map.Fd, 0);
        if (mapped == Libc.MapFailed)
            throw BpfException.FromErrno($"Mapping the values of map '{map.Name}' into memory", Marshal.GetLastPInvokeError());
        memory = (byte*)mapped;
        Name = map.Name;
    }

    /// <summary>The map's name.</summary>
    public string Name { get; }

    /// <summary>Number of values (the map's max entries).</summary>
    public int Count => count;

    /// <summary>The value at <paramref name="index"/>, in the shared memory itself.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the map.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was released.</exception>
    public ref TValue this[int index] => ref *Pointer(index);

    /// <summary>Address of the value at <paramref name="index"/>, valid until the mapping is disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the map.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was released.</exception>
    public TValue* Pointer(int index)
    {
        ObjectDisposedException.ThrowIf(memory == null, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        return (TValue*)(memory + (nuint)index * stride);
    }

    /// <summary>Unmaps the values; the map itself lives on.</summary>
    public void Dispose()
    {
        if (memory == null)
            return;
        Libc.UnmapMemory(memory, length);
        memory = null;
        length = 0;
    }
}
