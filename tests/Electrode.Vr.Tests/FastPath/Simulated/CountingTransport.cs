using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Simulated;
using Google.Protobuf;

namespace Electrode.Vr.Tests.FastPath.Simulated;

/// <summary>
/// The simulated network as a replica's transport, counting what reaches each registered endpoint's userspace: every
/// message by type, and the PrepareOKs that arrived certified.
/// </summary>
internal sealed class CountingTransport(SimulatedNetwork network) : ITransport
{
    private readonly Dictionary<ITransportReceiver, CountingReceiver> wrappers = new(ReferenceEqualityComparer.Instance);

    public ClusterConfiguration Configuration => network.Configuration;

    public TimeSpan Now => network.Now;

    /// <summary>Messages of type <typeparamref name="T"/> that reached <paramref name="receiver"/>.</summary>
    public int Received<T>(ITransportReceiver receiver) where T : IMessage =>
        wrappers[receiver].Received.Count(r => r.Message is T);

    /// <summary>Messages of type <typeparamref name="T"/> that reached <paramref name="receiver"/> marked certified.</summary>
    public int ReceivedCertified<T>(ITransportReceiver receiver) where T : IMessage =>
        wrappers[receiver].Received.Count(r => r.Message is T && r.Info.Certified);

    public EndpointAddress Register(ITransportReceiver receiver, int? replicaIndex)
    {
        var wrapper = new CountingReceiver(receiver);
        wrappers.Add(receiver, wrapper);
        return network.Register(wrapper, replicaIndex);
    }

    /// <summary>Detaches <paramref name="receiver"/>; what it received stays countable.</summary>
    public bool Unregister(ITransportReceiver receiver) =>
        wrappers.TryGetValue(receiver, out var wrapper) && network.Unregister(wrapper);

    public bool Send(ITransportReceiver from, EndpointAddress to, IMessage message) => network.Send(wrappers[from], to, message);

    public bool SendToReplica(ITransportReceiver from, int replicaIndex, IMessage message) =>
        network.SendToReplica(wrappers[from], replicaIndex, message);

    public bool SendToAllReplicas(ITransportReceiver from, IMessage message) => network.SendToAllReplicas(wrappers[from], message);

    public long StartTimer(TimeSpan delay, Action callback) => network.StartTimer(delay, callback);

    public void CancelTimer(long timerId) => network.CancelTimer(timerId);

    private sealed class CountingReceiver(ITransportReceiver inner) : ITransportReceiver
    {
        public List<(IMessage Message, ReceiveInfo Info)> Received { get; } = [];

        public void Receive(EndpointAddress from, IMessage message, in ReceiveInfo info)
        {
            Received.Add((message, info));
            inner.Receive(from, message, info);
        }
    }
}
