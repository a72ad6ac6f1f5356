using System.Runtime.InteropServices;

namespace BpfSharp.Loader.Interop;

// Batched map operations (BPF_MAP_LOOKUP_BATCH): a whole array in one system call.
internal static unsafe partial class Libbpf
{
    /// <summary>
    /// Reads up to <c>*count</c> entries after the batch position <paramref name="inBatch"/> (null: from the start) into
    /// <paramref name="keys"/> and <paramref name="values"/>; <c>-ENOENT</c> (with <c>*count</c> set) once the map is exhausted.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "bpf_map_lookup_batch")]
    internal static partial int MapLookupBatch(int fd, void* inBatch, void* outBatch, void* keys, void* values, uint* count, void* options);
}
