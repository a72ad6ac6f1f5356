namespace BpfSharp.InProcess;

// The map helpers programs call through the map descriptors (bpf_map_lookup_elem, _update_elem, _delete_elem).
public sealed unsafe partial class InProcessKernel
{
    void* IProgramHost.Lookup(BpfMap map, void* key)
    {
        lock (_gate) return StorageOf(map).Lookup(key, fromProgram: true);
    }

    int IProgramHost.Update(BpfMap map, void* key, void* value, UpdateFlags flags)
    {
        lock (_gate) return StorageOf(map).Update(key, value, flags, _retire);
    }

    int IProgramHost.Delete(BpfMap map, void* key)
    {
        lock (_gate) return StorageOf(map).Delete(key, _retire);
    }
}
