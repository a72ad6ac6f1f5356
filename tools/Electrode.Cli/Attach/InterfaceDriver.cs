using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Electrode.Cli.Attach;

/// <summary>The driver of a network interface, as <c>ethtool -i</c> reports it (<c>ETHTOOL_GDRVINFO</c>).</summary>
internal static unsafe partial class InterfaceDriver
{
    private const ulong SiocEthtool = 0x8946;
    private const uint GetDriverInfo = 0x3; // ETHTOOL_GDRVINFO
    private const int DriverInfoSize = 196;   // struct ethtool_drvinfo
    private const int DriverNameOffset = 4;
    private const int DriverNameBytes = 32;
    private const int InterfaceRequestSize = 40; // struct ifreq
    private const int InterfaceNameBytes = 16;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, byte* argument);

    /// <summary>The driver's name (for example "veth"), or null when the interface does not say.</summary>
    public static string? Of(string interfaceName)
    {
        var name = Encoding.UTF8.GetBytes(interfaceName);
        if (name.Length >= InterfaceNameBytes)
            return null;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        byte* info = stackalloc byte[DriverInfoSize];
        new Span<byte>(info, DriverInfoSize).Clear();
        *(uint*)info = GetDriverInfo;
        byte* request = stackalloc byte[InterfaceRequestSize];
        new Span<byte>(request, InterfaceRequestSize).Clear();
        name.CopyTo(new Span<byte>(request, InterfaceNameBytes));
        *(byte**)(request + InterfaceNameBytes) = info;
        if (Ioctl((int)socket.Handle, SiocEthtool, request) != 0)
            return null;
        var driver = new ReadOnlySpan<byte>(info + DriverNameOffset, DriverNameBytes);
        int end = driver.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? driver : driver[..end]);
    }
}
