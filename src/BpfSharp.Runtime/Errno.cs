using System.Runtime.InteropServices;

namespace BpfSharp;

/// <summary>
/// Kernel and libbpf error numbers: the constants that map operations and helpers return negated (as the kernel does),
/// and their names and meanings for error messages.
/// </summary>
public static class Errno
{
    /// <summary>Operation not permitted: missing CAP_BPF/CAP_NET_ADMIN, or not root.</summary>
    public const int EPERM = 1;
    /// <summary>No such file, key or object.</summary>
    public const int ENOENT = 2;
    /// <summary>Interrupted system call.</summary>
    public const int EINTR = 4;
    /// <summary>Too many entries: the map is full.</summary>
    public const int E2BIG = 7;
    /// <summary>Bad file descriptor.</summary>
    public const int EBADF = 9;
    /// <summary>Try again.</summary>
    public const int EAGAIN = 11;
    /// <summary>Out of memory.</summary>
    public const int ENOMEM = 12;
    /// <summary>Permission denied: for a program load, the verifier rejected the program.</summary>
    public const int EACCES = 13;
    /// <summary>Bad address.</summary>
    public const int EFAULT = 14;
    /// <summary>Device or resource busy: for XDP, another program is already attached.</summary>
    public const int EBUSY = 16;
    /// <summary>The key or object already exists.</summary>
    public const int EEXIST = 17;
    /// <summary>No such device: the network interface does not exist.</summary>
    public const int ENODEV = 19;
    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;
    /// <summary>No space left: for a program load, the verifier log buffer was too small.</summary>
    public const int ENOSPC = 28;
    /// <summary>Result out of range.</summary>
    public const int ERANGE = 34;
    /// <summary>Function not implemented by this kernel.</summary>
    public const int ENOSYS = 38;
    /// <summary>Operation not supported.</summary>
    public const int EOPNOTSUPP = 95;
    /// <summary>The kernel's internal "not supported" code, which some bpf() paths leak to user space.</summary>
    public const int ENOTSUPP = 524;

    private const int LibbpfErrorsStart = 4000;

    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO",
        [7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [11] = "EAGAIN", [12] = "ENOMEM",
        [13] = "EACCES", [14] = "EFAULT", [16] = "EBUSY", [17] = "EEXIST", [19] = "ENODEV",
        [20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL", [24] = "EMFILE", [28] = "ENOSPC",
        [34] = "ERANGE", [38] = "ENOSYS", [39] = "ENOTEMPTY", [40] = "ELOOP", [67] = "ENOLINK",
        [71] = "EPROTO", [95] = "EOPNOTSUPP", [99] = "EADDRNOTAVAIL", [524] = "ENOTSUPP",
        [4000] = "LIBBPF_ERRNO__LIBELF", [4001] = "LIBBPF_ERRNO__FORMAT", [4002] = "LIBBPF_ERRNO__KVERSION",
        [4003] = "LIBBPF_ERRNO__ENDIAN", [4004] = "LIBBPF_ERRNO__INTERNAL", [4005] = "LIBBPF_ERRNO__RELOC",
        [4006] = "LIBBPF_ERRNO__LOAD", [4007] = "LIBBPF_ERRNO__VERIFY", [4008] = "LIBBPF_ERRNO__PROG2BIG",
        [4009] = "LIBBPF_ERRNO__KVER", [4010] = "LIBBPF_ERRNO__PROGTYPE", [4011] = "LIBBPF_ERRNO__WRNGPID",
        [4012] = "LIBBPF_ERRNO__INVSEQ", [4013] = "LIBBPF_ERRNO__NLPARSE",
    };

    private static readonly string[] LibbpfMeanings =
    [
        "something wrong in libelf", "BPF object format invalid", "incorrect or no 'version' section",
        "endian mismatch", "internal error in libbpf", "relocation failed", "load program failure for unknown reason",
        "kernel verifier blocks program loading", "program too big", "incorrect kernel version",
        "kernel doesn't support this program type", "wrong pid in netlink message", "invalid netlink sequence",
        "netlink parsing error",
    ];

    /// <summary>The symbolic name of an error number (for example <c>ENOENT</c>); accepts negative values as libbpf returns them.</summary>
    public static string Name(int errno)
    {
        errno = Math.Abs(errno);
        return Names.TryGetValue(errno, out var name) ? name : $"errno {errno}";
    }

    /// <summary>The system's description of an error number (for example "No such file or directory").</summary>
    public static string Meaning(int errno)
    {
        errno = Math.Abs(errno);
        if (errno >= LibbpfErrorsStart && errno - LibbpfErrorsStart < LibbpfMeanings.Length)
            return LibbpfMeanings[errno - LibbpfErrorsStart];
        if (errno == ENOTSUPP)
            return "operation not supported by this kernel";
        return Marshal.GetPInvokeErrorMessage(errno);
    }

    /// <summary>Name and meaning together, for messages: <c>ENOENT (No such file or directory)</c>.</summary>
    public static string Describe(int errno) => $"{Name(errno)} ({Meaning(errno)})";
}
