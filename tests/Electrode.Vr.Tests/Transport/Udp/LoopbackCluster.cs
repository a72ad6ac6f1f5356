using BpfSharp.Testing;
using System.Collections.Concurrent;
using System.Net;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Udp;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Transport.Udp;

/// <summary>Loopback addresses on free ports (LoopbackPorts), and a receiver that lets a test wait for messages.</summary>
internal static class Loopback
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static ClusterConfiguration Configuration(int n)
    {
        var endpoints = LoopbackPorts.Free(n).Select(port => new ReplicaEndpoint(new EndpointAddress(0x7f000001, (ushort)port))).ToArray();
        return new ClusterConfiguration(endpoints);
    }

    public static UdpTransportOptions Options => new() { ClientBindAddress = IPAddress.Loopback };

    public static IPEndPoint ToIPEndPoint(EndpointAddress a) => new(new IPAddress([(byte)(a.Ipv4 >> 24), (byte)(a.Ipv4 >> 16), (byte)(a.Ipv4 >> 8), (byte)a.Ipv4]), a.Port);

    /// <summary>Polls <paramref name="condition"/> until it holds or the patience runs out.</summary>
    public static bool WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(5);
        }
        return true;
    }
}

internal sealed record Arrival(EndpointAddress From, IMessage Message, ReceiveInfo Info, string? Thread);

internal sealed class WaitingReceiver : ITransportReceiver
{
    public ConcurrentQueue<Arrival> Arrivals { get; } = new();

    public Action<EndpointAddress, IMessage>? OnReceive { get; set; }

    public void Receive(EndpointAddress from, IMessage message, in ReceiveInfo info)
    {
        Arrivals.Enqueue(new Arrival(from, message, info, System.Threading.Thread.CurrentThread.Name));
        OnReceive?.Invoke(from, message);
    }

    public bool WaitFor(int count) => Loopback.WaitUntil(() => Arrivals.Count >= count);
}
