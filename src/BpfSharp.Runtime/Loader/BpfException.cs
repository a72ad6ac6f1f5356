namespace BpfSharp.Loader;

/// <summary>A bpf() system call or libbpf operation failed; <see cref="Errno"/> says why.</summary>
public class BpfException : Exception
{
    /// <summary>Creates the exception for a failed operation and its (positive) error number.</summary>
    public BpfException(string message, int errno, Exception? inner = null)
        : base(message, inner)
    {
        Errno = Math.Abs(errno);
    }

    /// <summary>The positive error number (0 when the failure has none).</summary>
    public int Errno { get; }

    /// <summary>The symbolic error name, for example <c>EEXIST</c>.</summary>
    public string ErrnoName => BpfSharp.Errno.Name(Errno);

    internal static BpfException FromErrno(string operation, int errno)
    {
        errno = Math.Abs(errno);
        return errno == BpfSharp.Errno.EPERM
            ? new BpfPermissionException(operation)
            : new BpfException($"{operation} failed: {BpfSharp.Errno.Describe(errno)}.", errno);
    }
}
