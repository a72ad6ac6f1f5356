using Electrode.Vr.Messages;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Transport;

/// <summary>
/// Which sends to every replica may go out as one datagram carrying <see cref="Programs.Wire.FastHeader.Broadcast"/>. The egress
/// program copies only Prepares and Commits (DESIGN.md §6) and sees only whole datagrams; anything else sent with the
/// bit would reach the first follower alone, so it is sent once per replica.
/// </summary>
public static class KernelBroadcast
{
    /// <summary>True when the egress broadcast program expands <paramref name="message"/> to every other replica.</summary>
    public static bool Expands(IMessage message) =>
        message is PrepareMessage or CommitMessage && Expands(message, MessageEncoder.GetEncodedLength(message));

    /// <summary><see cref="Expands(IMessage)"/> for a message already known to encode to <paramref name="encodedLength"/> bytes.</summary>
    internal static bool Expands(IMessage message, int encodedLength) =>
        message is PrepareMessage or CommitMessage && !DatagramFragmenter.NeedsFragmentation(encodedLength);
}
