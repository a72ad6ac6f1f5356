using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>Looks up network interfaces of the current network namespace.</summary>
public static unsafe class NetworkInterfaceIndex
{
    private const int InterfaceNameSize = 16; // IF_NAMESIZE

    /// <summary>The ifindex of the named interface.</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that name here.</exception>
    public static int Of(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        uint index = Libc.InterfaceNameToIndex(interfaceName);
        if (index == 0)
            throw new NetworkInterfaceNotFoundException($"named '{interfaceName}'");
        return (int)index;
    }

    /// <summary>Whether an interface with this ifindex exists here.</summary>
    public static bool Exists(int ifindex)
    {
        if (ifindex <= 0)
            return false;
        byte* name = stackalloc byte[InterfaceNameSize];
        return Libc.InterfaceIndexToName((uint)ifindex, name) != null;
    }

    internal static void EnsureExists(int ifindex)
    {
        if (!Exists(ifindex))
            throw new NetworkInterfaceNotFoundException($"with ifindex {ifindex}");
    }
}
