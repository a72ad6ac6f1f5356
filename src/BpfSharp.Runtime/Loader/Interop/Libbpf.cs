using System.Runtime.InteropServices;

namespace BpfSharp.Loader.Interop;

/// <summary>
/// Source-generated bindings to Debian's libbpf 1.1 (<c>libbpf.so.1</c>). Signatures follow
/// /usr/include/bpf/libbpf.h and bpf.h. In libbpf 1.x, functions returning int return a negative
/// errno on failure; functions returning pointers return null and set errno.
/// </summary>
internal static unsafe partial class Libbpf
{
    internal const string LibraryName = "libbpf.so.1";

    // Object (what is read from the ELF file).
    [LibraryImport(LibraryName, EntryPoint = "bpf_object__open_file", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr ObjectOpenFile(string path, BpfObjectOpenOpts* opts);

    [LibraryImport(LibraryName, EntryPoint = "bpf_object__open_mem", SetLastError = true)]
    internal static partial IntPtr ObjectOpenMem(byte* buffer, nuint size, BpfObjectOpenOpts* opts);

    [LibraryImport(LibraryName, EntryPoint = "bpf_object__load")]
    internal static partial int ObjectLoad(IntPtr obj);

    [LibraryImport(LibraryName, EntryPoint = "bpf_object__close")]
    internal static partial void ObjectClose(IntPtr obj);

    [LibraryImport(LibraryName, EntryPoint = "bpf_object__btf")]
    internal static partial IntPtr ObjectBtf(IntPtr obj);

    [LibraryImport(LibraryName, EntryPoint = "bpf_object__next_program")]
    internal static partial IntPtr ObjectNextProgram(IntPtr obj, IntPtr previous);

    [LibraryImport(LibraryName, EntryPoint = "bpf_object__next_map")]
    internal static partial IntPtr ObjectNextMap(IntPtr obj, IntPtr previous);

    // Programs.
    [LibraryImport(LibraryName, EntryPoint = "bpf_program__name")]
    internal static partial byte* ProgramName(IntPtr prog);

    [LibraryImport(LibraryName, EntryPoint = "bpf_program__section_name")]
    internal static partial byte* ProgramSectionName(IntPtr prog);

    [LibraryImport(LibraryName, EntryPoint = "bpf_program__type")]
    internal static partial int ProgramType(IntPtr prog);

    [LibraryImport(LibraryName, EntryPoint = "bpf_program__insn_cnt")]
    internal static partial nuint ProgramInstructionCount(IntPtr prog);

    [LibraryImport(LibraryName, EntryPoint = "bpf_program__fd")]
    internal static partial int ProgramFd(IntPtr prog);

    [LibraryImport(LibraryName, EntryPoint = "bpf_program__set_log_buf")]
    internal static partial int ProgramSetLogBuf(IntPtr prog, byte* buffer, nuint size);

    [LibraryImport(LibraryName, EntryPoint = "bpf_program__pin", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ProgramPin(IntPtr prog, string path);

    [LibraryImport(LibraryName, EntryPoint = "bpf_program__unpin", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ProgramUnpin(IntPtr prog, string path);

    // Maps.
    [LibraryImport(LibraryName, EntryPoint = "bpf_map__name")]
    internal static partial byte* MapName(IntPtr map);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__type")]
    internal static partial int MapType(IntPtr map);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__key_size")]
    internal static partial uint MapKeySize(IntPtr map);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__value_size")]
    internal static partial uint MapValueSize(IntPtr map);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__max_entries")]
    internal static partial uint MapMaxEntries(IntPtr map);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__map_flags")]
    internal static partial uint MapFlags(IntPtr map);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__is_internal")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool MapIsInternal(IntPtr map);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__fd")]
    internal static partial int MapFd(IntPtr map);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__reuse_fd")]
    internal static partial int MapReuseFd(IntPtr map, int fd);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__set_pin_path", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MapSetPinPath(IntPtr map, string? path);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__pin_path")]
    internal static partial byte* MapPinPath(IntPtr map);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__initial_value")]
    internal static partial byte* MapInitialValue(IntPtr map, nuint* size);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map__set_initial_value")]
    internal static partial int MapSetInitialValue(IntPtr map, byte* data, nuint size);

    // Map elements by file descriptor (bpf.h).
    [LibraryImport(LibraryName, EntryPoint = "bpf_map_lookup_elem")]
    internal static partial int MapLookupElement(int fd, void* key, void* value);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map_update_elem")]
    internal static partial int MapUpdateElement(int fd, void* key, void* value, ulong flags);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map_delete_elem")]
    internal static partial int MapDeleteElement(int fd, void* key);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map_get_next_key")]
    internal static partial int MapGetNextKey(int fd, void* key, void* nextKey);

    [LibraryImport(LibraryName, EntryPoint = "bpf_obj_pin", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ObjectPinFd(int fd, string path);

    [LibraryImport(LibraryName, EntryPoint = "bpf_map_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MapCreate(int type, string name, uint keySize, uint valueSize, uint maxEntries, void* opts);

    [LibraryImport(LibraryName, EntryPoint = "bpf_obj_get", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ObjectGetPinned(string path);

    [LibraryImport(LibraryName, EntryPoint = "bpf_obj_get_info_by_fd")]
    internal static partial int ObjectGetInfoByFd(int fd, void* info, uint* infoLength);

    [LibraryImport(LibraryName, EntryPoint = "bpf_prog_get_fd_by_id")]
    internal static partial int ProgramGetFdById(uint id);

    [LibraryImport(LibraryName, EntryPoint = "bpf_prog_test_run_opts")]
    internal static partial int ProgramTestRun(int progFd, BpfTestRunOpts* opts);

    [LibraryImport(LibraryName, EntryPoint = "libbpf_num_possible_cpus")]
    internal static partial int NumPossibleCpus();

    [LibraryImport(LibraryName, EntryPoint = "libbpf_probe_bpf_prog_type")]
    internal static partial int ProbeProgramType(int programType, void* opts);

    [LibraryImport(LibraryName, EntryPoint = "libbpf_set_print")]
    internal static partial IntPtr SetPrint(delegate* unmanaged<int, byte*, IntPtr, int> callback);

    // BTF of an opened object.
    [LibraryImport(LibraryName, EntryPoint = "btf__find_by_name_kind", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int BtfFindByNameKind(IntPtr btf, string name, uint kind);

    [LibraryImport(LibraryName, EntryPoint = "btf__type_by_id")]
    internal static partial BtfType* BtfTypeById(IntPtr btf, uint id);

    [LibraryImport(LibraryName, EntryPoint = "btf__name_by_offset")]
    internal static partial byte* BtfNameByOffset(IntPtr btf, uint offset);

    // Ring buffer.
    [LibraryImport(LibraryName, EntryPoint = "ring_buffer__new", SetLastError = true)]
    internal static partial IntPtr RingBufferNew(int mapFd, delegate* unmanaged<void*, void*, nuint, int> sample, void* context, void* opts);

    [LibraryImport(LibraryName, EntryPoint = "ring_buffer__poll")]
    internal static partial int RingBufferPoll(IntPtr ringBuffer, int timeoutMs);

    [LibraryImport(LibraryName, EntryPoint = "ring_buffer__consume")]
    internal static partial int RingBufferConsume(IntPtr ringBuffer);

    [LibraryImport(LibraryName, EntryPoint = "ring_buffer__epoll_fd")]
    internal static partial int RingBufferEpollFd(IntPtr ringBuffer);

    [LibraryImport(LibraryName, EntryPoint = "ring_buffer__free")]
    internal static partial void RingBufferFree(IntPtr ringBuffer);

    // Attachment.
    [LibraryImport(LibraryName, EntryPoint = "bpf_xdp_attach")]
    internal static partial int XdpAttach(int ifindex, int progFd, uint flags, BpfXdpAttachOpts* opts);

    [LibraryImport(LibraryName, EntryPoint = "bpf_xdp_detach")]
    internal static partial int XdpDetach(int ifindex, uint flags, BpfXdpAttachOpts* opts);

    [LibraryImport(LibraryName, EntryPoint = "bpf_xdp_query_id")]
    internal static partial int XdpQueryId(int ifindex, int flags, uint* progId);

    [LibraryImport(LibraryName, EntryPoint = "bpf_tc_hook_create")]
    internal static partial int TcHookCreate(BpfTcHook* hook);

    [LibraryImport(LibraryName, EntryPoint = "bpf_tc_hook_destroy")]
    internal static partial int TcHookDestroy(BpfTcHook* hook);

    [LibraryImport(LibraryName, EntryPoint = "bpf_tc_attach")]
    internal static partial int TcAttach(BpfTcHook* hook, BpfTcOpts* opts);

    [LibraryImport(LibraryName, EntryPoint = "bpf_tc_detach")]
    internal static partial int TcDetach(BpfTcHook* hook, BpfTcOpts* opts);
}
