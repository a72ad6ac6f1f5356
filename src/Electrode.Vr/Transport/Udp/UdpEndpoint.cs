using System.Net.Sockets;
using Electrode.Vr.Transport.Datagrams;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Transport.Udp;

/// <summary>One registered receiver with its bound socket.</summary>
internal sealed class UdpEndpoint(Socket socket, ITransportReceiver receiver, int? replicaIndex, ReassemblyLimits limits)
    : DatagramEndpoint(receiver, replicaIndex, limits)
{
    public Socket Socket { get; } = socket;

    /// <summary>Set when the endpoint was unregistered and its socket closed, perhaps by a callback of the drain in progress.</summary>
    public bool IsClosed { get; set; }
}
