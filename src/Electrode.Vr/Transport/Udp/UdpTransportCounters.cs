using Electrode.Vr.Wire;

namespace Electrode.Vr.Transport.Udp;

/// <summary>What a <see cref="UdpTransport"/> did, readable from any thread.</summary>
public sealed class UdpTransportCounters
{
    private long _datagramsReceived;
    private long _messagesDelivered;
    private long _malformedDatagrams;
    private long _datagramsSent;
    private long _sendErrors;
    private long _receiveErrors;
    private long _callbackExceptions;
    private long _messagesTooLarge;

    /// <summary>Datagrams read from the sockets (fragments and malformed ones included).</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Messages handed to receivers.</summary>
    public long MessagesDelivered => Interlocked.Read(ref _messagesDelivered);

    /// <summary>Datagrams dropped because they did not decode (or a fragment was rejected by reassembly).</summary>
    public long MalformedDatagrams => Interlocked.Read(ref _malformedDatagrams);

    /// <summary>Datagrams written to the sockets (each fragment counts).</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>Sends the socket refused.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>
    /// Messages not sent because they exceed <see cref="ReassemblyLimits.MaxMessageLength"/>, which receivers would
    /// reject: a log too long for one DoViewChange, StartView or RecoveryResponse shows up here.
    /// </summary>
    public long MessagesTooLarge => Interlocked.Read(ref _messagesTooLarge);

    /// <summary>Receives that failed with a socket error.</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Exceptions thrown by receiver, timer or posted callbacks (see <see cref="UdpTransport.CallbackFailed"/>).</summary>
    public long CallbackExceptions => Interlocked.Read(ref _callbackExceptions);

    internal void OnDatagramReceived() => Interlocked.Increment(ref _datagramsReceived);
    internal void OnMessageDelivered() => Interlocked.Increment(ref _messagesDelivered);
    internal void OnMalformed() => Interlocked.Increment(ref _malformedDatagrams);
    internal void OnDatagramSent() => Interlocked.Increment(ref _datagramsSent);
    internal void OnSendError() => Interlocked.Increment(ref _sendErrors);
    internal void OnMessageTooLarge() => Interlocked.Increment(ref _messagesTooLarge);
    internal void OnReceiveError() => Interlocked.Increment(ref _receiveErrors);
    internal void OnCallbackException() => Interlocked.Increment(ref _callbackExceptions);
}
