using Electrode.Vr.Transport;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Transport.Simulated;

internal sealed record Received(EndpointAddress From, IMessage Message, ReceiveInfo Info, TimeSpan At);

/// <summary>A receiver that remembers what reached it and when.</summary>
internal sealed class RecordingReceiver(Func<TimeSpan> clock) : ITransportReceiver
{
    public List<Received> Messages { get; } = new();

    public Action<EndpointAddress, IMessage>? OnReceive { get; set; }

    public void Receive(EndpointAddress from, IMessage message, in ReceiveInfo info)
    {
        Messages.Add(new Received(from, message, info, clock()));
        OnReceive?.Invoke(from, message);
    }
}
