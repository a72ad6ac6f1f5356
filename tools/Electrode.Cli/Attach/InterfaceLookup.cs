using BpfSharp.Loader;

namespace Electrode.Cli.Attach;

/// <summary>Interfaces that may have gone since attach.</summary>
internal static class InterfaceLookup
{
    /// <summary>The ifindex of <paramref name="name"/> in this network namespace, or 0 when there is no such interface.</summary>
    public static int IfindexOrZero(string name)
    {
        try
        {
            return NetworkInterfaceIndex.Of(name);
        }
        catch (NetworkInterfaceNotFoundException)
        {
            return 0;
        }
    }
}
