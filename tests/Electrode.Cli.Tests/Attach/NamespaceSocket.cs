using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Electrode.Cli.Tests.Attach;

/// <summary>
/// UDP sockets of another network namespace: created on a thread that has entered the namespace (setns affects only
/// the calling thread), they stay in it after the thread ends, so the test reads and writes them from anywhere.
/// </summary>
internal static partial class NamespaceSocket
{
    private const int CloneNewNet = 0x40000000;
    private const int SocketLevel = 1;  // SOL_SOCKET
    private const int NoCheck = 11;     // SO_NO_CHECK: the fast paths leave checksummed datagrams alone

    /// <summary>A UDP socket bound to <paramref name="address"/>:<paramref name="port"/> in namespace <paramref name="ns"/>, sending without UDP checksums.</summary>
    public static Socket Bind(string ns, string address, int port)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{ns}");
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns into {ns} failed with errno {Marshal.GetLastPInvokeError()}");
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.SetRawSocketOption(SocketLevel, NoCheck, BitConverter.GetBytes(1));
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), port));
            }
            catch (Exception e)
            {
                socket?.Dispose();
                socket = null;
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"cannot bind {address}:{port} in {ns}", failure);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
}
