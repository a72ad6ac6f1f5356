using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Simulated;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>
/// The simulated network, seen through one fixed endpoint per replica index, so that a replica can be
/// destroyed and rebuilt at the same address (the Recovery scenario) while the network keeps one registration.
/// </summary>
internal sealed class ReplicaSlotTransport(SimulatedNetwork network) : ITransport
{
    private readonly Dictionary<int, Slot> slotsByIndex = [];
    private readonly Dictionary<ITransportReceiver, Slot> slotsByOccupant = new(ReferenceEqualityComparer.Instance);

    public ClusterConfiguration Configuration => network.Configuration;

    public TimeSpan Now => network.Now;

    public EndpointAddress Register(ITransportReceiver receiver, int? replicaIndex)
    {
        if (replicaIndex is not int index) return network.Register(receiver, null);
        if (!slotsByIndex.TryGetValue(index, out var slot))
        {
            slotsByIndex[index] = slot = new Slot();
            network.Register(slot, index);
        }
        if (slot.Occupant is { } previous) slotsByOccupant.Remove(previous);
        slot.Occupant = receiver;
        slotsByOccupant[receiver] = slot;
        return Configuration.Replicas[index].Address;
    }

    public bool Send(ITransportReceiver from, EndpointAddress to, IMessage message) => network.Send(Endpoint(from), to, message);

    public bool SendToReplica(ITransportReceiver from, int replicaIndex, IMessage message) =>
        network.SendToReplica(Endpoint(from), replicaIndex, message);

    public bool SendToAllReplicas(ITransportReceiver from, IMessage message) => network.SendToAllReplicas(Endpoint(from), message);

    public long StartTimer(TimeSpan delay, Action callback) => network.StartTimer(delay, callback);

    public void CancelTimer(long timerId) => network.CancelTimer(timerId);

    private ITransportReceiver Endpoint(ITransportReceiver from) => slotsByOccupant.TryGetValue(from, out var slot) ? slot : from;

    private sealed class Slot : ITransportReceiver
    {
        public ITransportReceiver? Occupant { get; set; }

        public void Receive(EndpointAddress from, IMessage message, in ReceiveInfo info) => Occupant?.Receive(from, message, info);
    }
}
