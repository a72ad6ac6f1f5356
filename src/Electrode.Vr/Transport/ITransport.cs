using Google.Protobuf;

namespace Electrode.Vr.Transport;

/// <summary>
/// What a replica or client sends and schedules through. One implementation runs on a deterministic
/// simulated network with virtual time, another on UDP sockets with a single-threaded event loop;
/// protocol code cannot tell them apart. All callbacks (receive and timers) run on one thread.
/// </summary>
public interface ITransport
{
    /// <summary>The cluster this transport connects.</summary>
    ClusterConfiguration Configuration { get; }

    /// <summary>
    /// Attaches an endpoint. A replica passes its index (0..n-1) and is reachable at that configured
    /// address; a client passes <c>null</c> and gets an address of its own.
    /// </summary>
    /// <returns>The endpoint's address, to which replies are sent.</returns>
    EndpointAddress Register(ITransportReceiver receiver, int? replicaIndex);

    /// <summary>
    /// Detaches an endpoint: nothing more is delivered to it and its address (a socket, on UDP) is released, so its
    /// replica index may register again.
    /// </summary>
    /// <returns>False when the receiver was not registered.</returns>
    bool Unregister(ITransportReceiver receiver);

    /// <summary>Sends a message to one address. Returns false when it could not be handed to the network.</summary>
    bool Send(ITransportReceiver from, EndpointAddress to, IMessage message);

    /// <summary>Sends a message to the replica with the given index.</summary>
    bool SendToReplica(ITransportReceiver from, int replicaIndex, IMessage message);

    /// <summary>
    /// Sends a message to every replica but the sender. With the kernel broadcast fast path on, a Prepare or Commit
    /// (see <see cref="KernelBroadcast.Expands(Google.Protobuf.IMessage)"/>) is one datagram carrying the broadcast bit, which the egress
    /// program copies to the others.
    /// </summary>
    bool SendToAllReplicas(ITransportReceiver from, IMessage message);

    /// <summary>Current time of this transport (virtual on the simulated network).</summary>
    TimeSpan Now { get; }

    /// <summary>Runs <paramref name="callback"/> once after <paramref name="delay"/>, on the transport's thread.</summary>
    /// <returns>An id for <see cref="CancelTimer"/>.</returns>
    long StartTimer(TimeSpan delay, Action callback);

    /// <summary>Cancels a timer; cancelling one that fired or was cancelled does nothing.</summary>
    void CancelTimer(long timerId);
}

/// <summary>An endpoint attached to a transport.</summary>
public interface ITransportReceiver
{
    /// <summary>Handles one decoded message.</summary>
    void Receive(EndpointAddress from, IMessage message, in ReceiveInfo info);
}

/// <summary>What the data plane says about a received message beyond its content.</summary>
/// <param name="Certified">
/// True when the kernel quorum-prune path passed this PrepareOK up as the one that completes a quorum:
/// the other votes it stands for were counted in the kernel and never reach userspace.
/// </param>
/// <param name="KernelBuilt">True when the message was built by a kernel fast path (the raw MyPrepareOK form).</param>
public readonly record struct ReceiveInfo(bool Certified, bool KernelBuilt);

/// <summary>An IPv4 address and UDP port. On the simulated network the address is synthetic but unique.</summary>
public readonly record struct EndpointAddress(uint Ipv4, ushort Port)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Ipv4 >> 24}.{(Ipv4 >> 16) & 0xff}.{(Ipv4 >> 8) & 0xff}.{Ipv4 & 0xff}:{Port}";
}
