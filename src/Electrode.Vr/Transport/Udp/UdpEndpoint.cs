using System.Net.Sockets;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Transport.Udp;

/// <summary>One registered receiver: its bound socket and fragment reassembly state.</summary>
internal sealed class UdpEndpoint(Socket socket, ITransportReceiver receiver, int? replicaIndex, ReassemblyLimits limits)
{
    public Socket Socket { get; } = socket;
    public ITransportReceiver Receiver { get; } = receiver;
    public int? ReplicaIndex { get; } = replicaIndex;

    /// <summary>Set when the endpoint was unregistered and its socket closed, perhaps by a callback of the drain in progress.</summary>
    public bool IsClosed { get; set; }

    /// <summary>Touched only by the loop thread.</summary>
    public FragmentReassembler Reassembler { get; } = new(limits);
}
