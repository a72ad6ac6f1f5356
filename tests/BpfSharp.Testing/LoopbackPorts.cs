using System.Net;
using System.Net.Sockets;

namespace BpfSharp.Testing;

/// <summary>UDP ports on 127.0.0.1 for tests that start servers: free a moment ago, and outside the ephemeral range.</summary>
/// <remarks>
/// A port the kernel hands out as ephemeral goes back to the pool when freed, and the next socket bound to port 0 (any
/// client socket of a test running in parallel) may get it before the server binds it. Ports below the kernel's
/// ephemeral range (32768 and up by default) are never handed out that way; they are drawn at random so that test
/// processes running side by side rarely try the same one, and each is bound once to check that it is free.
/// </remarks>
public static class LoopbackPorts
{
    private const int First = 20_000;
    private const int End = 32_000;

    /// <summary><paramref name="count"/> distinct ports that were free a moment ago.</summary>
    public static List<int> Free(int count)
    {
        var sockets = new List<Socket>();
        try
        {
            while (sockets.Count < count)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, Random.Shared.Next(First, End)));
                    sockets.Add(socket);
                }
                catch (SocketException)
                {
                    socket.Dispose();
                }
            }
            return sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToList();
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }
}
