using System.Runtime.InteropServices;
using BpfSharp.InProcess.Storage;

namespace BpfSharp.InProcess;

/// <summary>
/// Userspace view of a <see cref="HashMap{TKey,TValue}"/> or <see cref="LruHashMap{TKey,TValue}"/> in one kernel, as the
/// bpf syscall offers it: lookup, update and delete by value, and iteration (<c>BPF_MAP_GET_NEXT_KEY</c>).
/// </summary>
/// <typeparam name="TKey">The map's key type.</typeparam>
/// <typeparam name="TValue">The map's value type.</typeparam>
public sealed unsafe class HashMapView<TKey, TValue> where TKey : unmanaged where TValue : unmanaged
{
    private readonly InProcessKernel _kernel;
    private readonly BpfMap _map;

    internal HashMapView(InProcessKernel kernel, BpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _kernel = kernel;
        _map = map;
    }

    /// <summary>Number of entries.</summary>
    public int Count
    {
        get { lock (_kernel.Gate) return Storage.Count; }
    }

    /// <summary>A copy of the value for <paramref name="key"/>, or null when absent.</summary>
    public TValue? Lookup(TKey key)
    {
        lock (_kernel.Gate)
        {
            var value = (TValue*)Storage.Lookup(&key, fromProgram: false);
            return value == null ? null : *value;
        }
    }

    /// <summary>Creates or replaces the entry; 0, <c>-EEXIST</c>, <c>-ENOENT</c> or <c>-E2BIG</c> as the program helper.</summary>
    public int Update(TKey key, TValue value, UpdateFlags flags = UpdateFlags.Any)
    {
        lock (_kernel.Gate) return Storage.Update(&key, &value, flags, NativeMemory.AlignedFree);
    }

    /// <summary>Deletes the entry; 0, or <c>-ENOENT</c> when absent.</summary>
    public int Delete(TKey key)
    {
        lock (_kernel.Gate) return Storage.Delete(&key, NativeMemory.AlignedFree);
    }

    /// <summary>Copies of every entry, in no particular order.</summary>
    public KeyValuePair<TKey, TValue>[] Entries()
    {
        lock (_kernel.Gate)
            return Storage.Entries()
                .Select(entry => new KeyValuePair<TKey, TValue>(MemoryMarshal.Read<TKey>(entry.Key), *(TValue*)entry.Value))
                .ToArray();
    }

    private HashStorage Storage => _kernel.UserspaceStorage<HashStorage>(_map);
}
