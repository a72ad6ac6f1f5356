namespace BpfSharp.Testing;

/// <summary>
/// A fresh directory on bpffs for pinning maps and programs, removed with everything in it on dispose.
/// It is a unique subdirectory of /sys/fs/bpf when bpffs is mounted there, and otherwise a private
/// bpffs mount of its own under the temporary directory (unmounted on dispose).
/// </summary>
public sealed class TemporaryPinDirectory : IDisposable
{
    private const string SystemBpffs = "/sys/fs/bpf";
    private readonly bool ownMount;
    private bool disposed;

    /// <summary>Creates the directory (mounting a private bpffs when /sys/fs/bpf is not one).</summary>
    public TemporaryPinDirectory()
        : this(privateMount: !IsBpffsMountPoint(SystemBpffs))
    {
    }

    private TemporaryPinDirectory(bool privateMount)
    {
        string unique = "bpfsharp-test-" + Guid.NewGuid().ToString("N")[..12];
        if (!privateMount)
        {
            Path = System.IO.Path.Combine(SystemBpffs, unique);
            Directory.CreateDirectory(Path);
            return;
        }
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), unique);
        Directory.CreateDirectory(Path);
        try
        {
            ExternalCommand.Run("mount", "-t", "bpf", "bpf", Path);
        }
        catch
        {
            Directory.Delete(Path);
            throw;
        }
        ownMount = true;
    }

    /// <summary>Creates the directory on a bpffs mount of its own, whether or not /sys/fs/bpf is mounted.</summary>
    public static TemporaryPinDirectory OnPrivateMount() => new(privateMount: true);

    /// <summary>Whether the directory is a private bpffs mount (unmounted on dispose).</summary>
    public bool IsPrivateMount => ownMount;

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>A path for a pin named <paramref name="name"/> inside the directory.</summary>
    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Removes every pin in the directory, then the directory (and its private mount).</summary>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        if (ownMount)
        {
            // Unmounting drops every pin of the private instance at once.
            ExternalCommand.Run("umount", Path);
            Directory.Delete(Path);
            return;
        }
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }

    /// <summary>Whether <paramref name="directory"/> is the mount point of a bpffs instance.</summary>
    public static bool IsBpffsMountPoint(string directory)
    {
        foreach (var line in File.ReadLines("/proc/self/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 2 && fields[1] == directory && fields[2] == "bpf")
                return true;
        }
        return false;
    }
}
