using Electrode.Vr.Messages;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Transport.Simulated;

/// <summary>What a packet filter sees of a frame in flight.</summary>
/// <param name="From">Source address in the frame.</param>
/// <param name="To">Destination address in the frame.</param>
/// <param name="FromReplica">Replica index of the sending host, null for a client.</param>
/// <param name="ToReplica">Replica index of the receiving host, null for a client.</param>
/// <param name="MessageType">Wire type name of the message the frame carries (also for its fragments), null if unreadable.</param>
/// <param name="FrameLength">Length of the whole frame.</param>
public readonly record struct PacketInfo(
    EndpointAddress From, EndpointAddress To, int? FromReplica, int? ToReplica, string? MessageType, int FrameLength)
{
    /// <summary>True when the packet carries a <typeparamref name="T"/>; the kernel-built PrepareOK counts as a <see cref="PrepareOKMessage"/>.</summary>
    public bool Is<T>() where T : IMessage<T>, new()
    {
        string name = TypeNameOf<T>.Value;
        return MessageType == name ||
               (MessageType == KernelPrepareOk.TypeName && name == PrepareOKMessage.Descriptor.FullName);
    }

    /// <summary>True when replica <paramref name="replica"/> sends or receives the packet.</summary>
    public bool Involves(int replica) => FromReplica == replica || ToReplica == replica;

    private static class TypeNameOf<T> where T : IMessage<T>, new()
    {
        public static readonly string Value = new T().Descriptor.FullName;
    }
}
