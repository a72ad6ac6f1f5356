using System.Runtime.InteropServices;

namespace BpfSharp.Loader.Interop;

internal static unsafe partial class Libc
{
    private const string LibraryName = "libc";

    [LibraryImport(LibraryName, EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint InterfaceNameToIndex(string name);

    [LibraryImport(LibraryName, EntryPoint = "if_indextoname")]
    internal static partial byte* InterfaceIndexToName(uint index, byte* name);

    [LibraryImport(LibraryName, EntryPoint = "close")]
    internal static partial int Close(int fd);

    [LibraryImport(LibraryName, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int DuplicateCloseOnExec(int fd, int command, int minimumFd);

    internal const int FcntlDuplicateCloseOnExec = 1030; // F_DUPFD_CLOEXEC

    // va_list arrives as a pointer on LP64 Linux (x86-64 decays __va_list_tag[1]; arm64 passes the
    // 32-byte struct by reference), so libbpf's print argument can be forwarded as is.
    [LibraryImport(LibraryName, EntryPoint = "vsnprintf")]
    internal static partial int FormatVarArgs(byte* buffer, nuint size, byte* format, IntPtr arguments);

    [LibraryImport(LibraryName, EntryPoint = "mmap", SetLastError = true)]
    internal static partial void* MapMemory(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(LibraryName, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int UnmapMemory(void* address, nuint length);

    internal const int ProtectRead = 1;
    internal const int ProtectWrite = 2;
    internal const int MapShared = 1;
    internal static readonly void* MapFailed = (void*)-1;
}
