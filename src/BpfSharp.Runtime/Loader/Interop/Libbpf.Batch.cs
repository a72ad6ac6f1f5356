using System.Runtime.InteropServices;

namespace BpfSharp.Loader.Interop;

// Batched map operations (BPF_MAP_LOOKUP_BATCH, BPF_MAP_UPDATE_BATCH): many elements in one system call.
internal static unsafe partial class Libbpf
{
    /// <summary>
    /// Reads up to <c>*count</c> entries after the batch position <paramref name="inBatch"/> (null: from the start) into
    /// <paramref name="keys"/> and <paramref name="values"/>; <c>-ENOENT</c> (with <c>*count</c> set) once the map is exhausted.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "bpf_map_lookup_batch")]
    internal static partial int MapLookupBatch(int fd, void* inBatch, void* outBatch, void* keys, void* values, uint* count, void* options);

    /// <summary>Writes <c>*count</c> entries from <paramref name="keys"/> and <paramref name="values"/>; <c>*count</c> says how many were written.</summary>
    [LibraryImport(LibraryName, EntryPoint = "bpf_map_update_batch")]
    internal static partial int MapUpdateBatch(int fd, void* keys, void* values, uint* count, BpfMapBatchOpts* options);
}
