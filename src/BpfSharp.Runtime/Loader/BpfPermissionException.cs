namespace BpfSharp.Loader;

/// <summary>The kernel refused a bpf() operation because the process lacks privileges.</summary>
public sealed class BpfPermissionException : BpfException
{
    /// <summary>Creates the exception for the operation that was refused.</summary>
    public BpfPermissionException(string operation)
        : base($"{operation} failed: {BpfSharp.Errno.Describe(BpfSharp.Errno.EPERM)}. " +
               "Run as root, or grant the capabilities: sudo setcap cap_bpf,cap_net_admin,cap_perfmon+ep <your executable>.",
               BpfSharp.Errno.EPERM)
    {
    }
}
