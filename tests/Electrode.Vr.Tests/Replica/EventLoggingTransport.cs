using Electrode.Vr.Transport;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Replica;

/// <summary>Passes everything to the inner transport and logs each send into a shared event list.</summary>
internal sealed class EventLoggingTransport(ITransport inner, List<string> events) : ITransport
{
    public ClusterConfiguration Configuration => inner.Configuration;

    public TimeSpan Now => inner.Now;

    public EndpointAddress Register(ITransportReceiver receiver, int? replicaIndex) => inner.Register(receiver, replicaIndex);

    public bool Unregister(ITransportReceiver receiver) => inner.Unregister(receiver);

    public bool Send(ITransportReceiver from, EndpointAddress to, IMessage message) => Log(message, inner.Send(from, to, message));

    public bool SendToReplica(ITransportReceiver from, int replicaIndex, IMessage message) =>
        Log(message, inner.SendToReplica(from, replicaIndex, message));

    public bool SendToAllReplicas(ITransportReceiver from, IMessage message) => Log(message, inner.SendToAllReplicas(from, message));

    public long StartTimer(TimeSpan delay, Action callback) => inner.StartTimer(delay, callback);

    public void CancelTimer(long timerId) => inner.CancelTimer(timerId);

    private bool Log(IMessage message, bool sent)
    {
        events.Add($"send {message.Descriptor.Name}");
        return sent;
    }
}
