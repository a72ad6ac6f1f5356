using System.Runtime.InteropServices;

namespace Electrode.Vr.Replica.Storage;

/// <summary>fsync(2) of a directory, so that a rename inside it survives a machine crash (.NET offers no way to open a directory).</summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY

    public static void Flush(string directory)
    {
        int fd = open(directory, ReadOnlyDirectory);
        if (fd < 0)
            throw new IOException($"cannot open {directory} to flush it: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (fsync(fd) != 0)
                throw new IOException($"fsync of {directory} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
