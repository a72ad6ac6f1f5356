using System.Runtime.InteropServices;
using System.Text;

namespace BpfSharp.Loader.Interop;

/// <summary>
/// Routes libbpf's diagnostic printing into the calling thread's capture, so that an exception
/// thrown for a failed open or load carries libbpf's own explanation. libbpf prints synchronously
/// on the thread that called it, which makes a thread-local capture exact. Outside a capture,
/// messages are dropped rather than written to the process's stderr.
/// </summary>
internal static unsafe class LibbpfMessages
{
    private const int LevelInfo = 1;
    private const int MessageBufferSize = 4096;

    private static readonly object InstallLock = new();
    private static bool installed;

    [ThreadStatic]
    private static List<string>? capture;

    /// <summary>Starts collecting libbpf warnings and info messages on this thread until the scope is disposed.</summary>
    internal static Scope Capture()
    {
        EnsureInstalled();
        var previous = capture;
        capture = [];
        return new Scope(previous);
    }

    internal static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (installed)
                return;
            Libbpf.SetPrint(&Print);
            installed = true;
        }
    }

    [UnmanagedCallersOnly]
    private static int Print(int level, byte* format, IntPtr arguments)
    {
        var messages = capture;
        if (messages is null || level > LevelInfo)
            return 0;
        byte* buffer = stackalloc byte[MessageBufferSize];
        int length = Libc.FormatVarArgs(buffer, MessageBufferSize, format, arguments);
        if (length <= 0)
            return 0;
        length = Math.Min(length, MessageBufferSize - 1);
        messages.Add(Encoding.UTF8.GetString(buffer, length).TrimEnd('\n'));
        return 0;
    }

    /// <summary>A thread's capture of libbpf messages.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly List<string>? previous;

        internal Scope(List<string>? previous) => this.previous = previous;

        /// <summary>Messages captured so far, in the order libbpf printed them.</summary>
        internal IReadOnlyList<string> Messages => capture ?? [];

        public void Dispose() => capture = previous;
    }
}
