using System.Globalization;

namespace Electrode.Cli.Attach;

/// <summary>
/// The other end of a veth: its ifindex (in whichever namespace it is, from the interface's <c>iflink</c>) and, when
/// it is in this network namespace, its name.
/// </summary>
internal sealed record VethPeer(int Ifindex, string? NameHere)
{
    /// <summary>The peer of veth <paramref name="interfaceName"/> (ifindex <paramref name="ifindex"/>), or null when sysfs does not say.</summary>
    public static VethPeer? Of(string interfaceName, int ifindex)
    {
        if (ReadIflink(interfaceName) is not int peerIndex || peerIndex == ifindex)
            return null;
        // The same ifindex may name an unrelated interface here; the peer points back at us.
        string? name = NameOf(peerIndex);
        bool here = name is not null && ReadIflink(name) == ifindex;
        return new VethPeer(peerIndex, here ? name : null);
    }

    /// <summary>The interface's iflink from this network namespace's sysfs (which <c>ip netns exec</c> mounts afresh).</summary>
    private static int? ReadIflink(string interfaceName) => ReadNumber($"/sys/class/net/{interfaceName}/iflink");

    private static int? ReadNumber(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? NameOf(int ifindex) =>
        Directory.Exists("/sys/class/net")
            ? Directory.EnumerateDirectories("/sys/class/net").Select(Path.GetFileName).FirstOrDefault(name => ReadNumber($"/sys/class/net/{name}/ifindex") == ifindex)
            : null;
}
