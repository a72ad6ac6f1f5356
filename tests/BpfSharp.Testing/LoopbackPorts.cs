using System.Net;
using System.Net.Sockets;

namespace BpfSharp.Testing;

/// <summary>UDP ports on 127.0.0.1 for tests that start servers: handed out by the kernel as ephemeral, then freed.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// <paramref name="count"/> distinct ports that were free a moment ago. All are bound at once before any is
    /// released, so they differ from one another.
    /// </summary>
    public static List<int> Free(int count)
    {
        var sockets = Enumerable.Range(0, count).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToList();
        var ports = sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToList();
        sockets.ForEach(s => s.Dispose());
        return ports;
    }
}
