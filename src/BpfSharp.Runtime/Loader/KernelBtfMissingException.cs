namespace BpfSharp.Loader;

/// <summary>The running kernel does not expose its BTF type information, which libbpf needs.</summary>
public sealed class KernelBtfMissingException : BpfException
{
    /// <summary>Creates the exception; <paramref name="detail"/> says what needed the kernel's BTF.</summary>
    public KernelBtfMissingException(string detail, int errno)
        : base($"{detail} The kernel has no BTF at {KernelSupport.VmlinuxBtfPath}: " +
               "boot a kernel built with CONFIG_DEBUG_INFO_BTF=y (Debian's stock kernels are).", errno)
    {
    }
}
