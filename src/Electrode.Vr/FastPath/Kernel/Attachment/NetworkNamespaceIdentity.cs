using System.Net.Sockets;

namespace Electrode.Vr.FastPath.Kernel.Attachment;

/// <summary>
/// Which network namespace this process is in: its nsfs inode, its cookie (never reused until reboot, unlike the
/// inode) and the name <c>ip netns</c> gave it, if any.
/// </summary>
/// <param name="Inode">The namespace's nsfs inode.</param>
/// <param name="Cookie">The namespace's cookie (<c>SO_NETNS_COOKIE</c>), 0 on kernels without one.</param>
/// <param name="Name">The <c>ip netns</c> name bound to it, or null.</param>
public sealed record NetworkNamespaceIdentity(ulong Inode, ulong Cookie, string? Name)
{
    private const string NamedNamespaces = "/run/netns";
    private const int SocketLevel = 1;        // SOL_SOCKET
    private const int NetnsCookieOption = 71; // SO_NETNS_COOKIE, Linux 5.14

    /// <summary>The namespace of the calling process.</summary>
    public static NetworkNamespaceIdentity Current()
    {
        ulong inode = NamespaceInode("/proc/self/ns/net")
                      ?? throw new InvalidOperationException("cannot read /proc/self/ns/net: is /proc mounted?");
        return new NetworkNamespaceIdentity(inode, CurrentCookie(), NameOf(inode));
    }

    /// <summary>The inode of a namespace link such as <c>/proc/&lt;pid&gt;/ns/net</c>, or null when it cannot be read.</summary>
    public static ulong? NamespaceInode(string link)
    {
        try
        {
            return ParseInode(new FileInfo(link).LinkTarget);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"net:[4026531840]" read as 4026531840; null for anything else.</summary>
    internal static ulong? ParseInode(string? target)
    {
        if (target is null)
            return null;
        int open = target.IndexOf('[');
        int close = target.IndexOf(']');
        return open > 0 && close > open + 1 && ulong.TryParse(target.AsSpan(open + 1, close - open - 1), out ulong inode) ? inode : null;
    }

    private static ulong CurrentCookie()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Span<byte> cookie = stackalloc byte[sizeof(ulong)];
        try
        {
            socket.GetRawSocketOption(SocketLevel, NetnsCookieOption, cookie);
            return BitConverter.ToUInt64(cookie);
        }
        catch (SocketException)
        {
            return 0; // a kernel before 5.14: the inode alone identifies the namespace
        }
    }

    /// <summary>
    /// The <c>ip netns</c> name bound to the namespace with this inode, or null. A bound namespace is an nsfs bind
    /// mount under /run/netns, and the mount table names the namespace it holds as its root ("net:[inode]").
    /// </summary>
    private static string? NameOf(ulong inode)
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // "id parent major:minor root mount-point options ... - fstype source super-options"
            var fields = line.Split(' ');
            if (fields.Length > 4 && fields[4].StartsWith(NamedNamespaces + "/", StringComparison.Ordinal) && ParseInode(fields[3]) == inode)
                return fields[4][(NamedNamespaces.Length + 1)..];
        }
        return null;
    }
}
