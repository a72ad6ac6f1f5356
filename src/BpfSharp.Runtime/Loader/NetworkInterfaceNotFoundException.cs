namespace BpfSharp.Loader;

/// <summary>The network interface named or numbered by the caller does not exist in this network namespace.</summary>
public sealed class NetworkInterfaceNotFoundException : BpfException
{
    /// <summary>Creates the exception for the interface that was not found (a name or an ifindex).</summary>
    public NetworkInterfaceNotFoundException(string interfaceDescription)
        : base($"No network interface {interfaceDescription} in this network namespace: check the name with `ip link show`.",
               BpfSharp.Errno.ENODEV)
    {
    }
}
