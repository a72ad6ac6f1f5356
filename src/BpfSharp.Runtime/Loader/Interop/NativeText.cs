using System.Runtime.InteropServices;

namespace BpfSharp.Loader.Interop;

internal static unsafe class NativeText
{
    /// <summary>Copies a NUL-terminated UTF-8 string owned by libbpf; null reads as empty.</summary>
    internal static string Read(byte* text) => Marshal.PtrToStringUTF8((IntPtr)text) ?? string.Empty;
}
