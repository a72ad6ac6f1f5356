namespace BpfSharp.InProcess;

// Userspace access to maps, as through the bpf syscall: by value, copying in and out.
public sealed partial class InProcessKernel
{
    /// <summary>Userspace access to <paramref name="map"/>'s storage in this kernel.</summary>
    public ArrayMapView<TValue> Map<TValue>(ArrayMap<TValue> map) where TValue : unmanaged => new(this, map);

    /// <summary>Userspace access to every CPU's copy of <paramref name="map"/> in this kernel.</summary>
    public PerCpuArrayMapView<TValue> Map<TValue>(PerCpuArrayMap<TValue> map) where TValue : unmanaged => new(this, map);

    /// <summary>Userspace access to <paramref name="map"/>'s entries in this kernel.</summary>
    public HashMapView<TKey, TValue> Map<TKey, TValue>(HashMap<TKey, TValue> map)
        where TKey : unmanaged where TValue : unmanaged => new(this, map);

    /// <summary>Userspace access to <paramref name="map"/>'s entries in this kernel; syscall lookups do not refresh recency.</summary>
    public HashMapView<TKey, TValue> Map<TKey, TValue>(LruHashMap<TKey, TValue> map)
        where TKey : unmanaged where TValue : unmanaged => new(this, map);
}
