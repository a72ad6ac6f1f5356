using System.Security.Cryptography;
using Electrode.Vr.Messages;
using Electrode.Vr.Timing;
using Electrode.Vr.Transport;
using Google.Protobuf;

namespace Electrode.Vr.Client;

/// <summary>
/// A VR client: one logged and one unlogged request at a time. A logged request goes to the leader of the
/// view the client believes in (learnt from replies) and, after each timeout, to every replica until a reply
/// comes; the replicas' client table makes retries safe. Until its first reply the client knows no leader, so its
/// first request goes to every replica and only the leader answers. All members must be called on the transport thread;
/// callbacks run there too, and the Task forms complete asynchronously so their continuations do not.
/// </summary>
public sealed class VrClient : ITransportReceiver, IDisposable
{
    private readonly ITransport transport;
    private readonly RetryTimeout requestTimer;
    private readonly TransportTimeout unloggedTimer;
    private ulong lastRequestId;
    private (Request Request, Action<byte[]> OnReply)? pending;
    private (int Replica, Action<byte[]> OnReply, Action OnTimeout)? pendingUnlogged;
    private bool leaderKnown;
    private bool disposed;

    /// <summary>Creates a client with the given id (random when null) and attaches it to <paramref name="transport"/>.</summary>
    public VrClient(ITransport transport, ulong? clientId = null, ClientOptions? options = null)
    {
        this.transport = transport;
        Options = options ?? new ClientOptions();
        ClientId = clientId ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        requestTimer = new RetryTimeout(transport, Options.RequestRetry.NewEstimator(), ResendRequest);
        unloggedTimer = new TransportTimeout(transport, Options.UnloggedRequestTimeout, ExpireUnlogged);
        Address = transport.Register(this, null);
    }

    /// <summary>This client's id in the replicas' client tables.</summary>
    public ulong ClientId { get; }

    /// <summary>Where replies reach this client.</summary>
    public EndpointAddress Address { get; }

    /// <summary>Timeouts in use.</summary>
    public ClientOptions Options { get; }

    /// <summary>The most recent view a reply came from; requests go first to its leader.</summary>
    public ulong BelievedView { get; private set; }

    /// <summary>Round trips of requests answered at their first attempt; their estimate sets the resend timeout.</summary>
    public RoundTripEstimator RoundTrips => requestTimer.Estimator;

    /// <summary>Times a logged request was sent again after a timeout.</summary>
    public long Resends { get; private set; }

    /// <summary>True while a logged request awaits its reply.</summary>
    public bool HasPendingRequest => pending.HasValue;

    /// <summary>Sends <paramref name="operation"/> to be logged and executed; <paramref name="onReply"/> gets the reply.</summary>
    /// <exception cref="InvalidOperationException">A logged request is already pending.</exception>
    public void Invoke(ReadOnlySpan<byte> operation, Action<byte[]> onReply)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (pending.HasValue)
            throw new InvalidOperationException("this client already has a logged request pending; wait for its reply first");
        var request = new Request { Op = ByteString.CopyFrom(operation), Clientid = ClientId, Clientreqid = ++lastRequestId };
        pending = (request, onReply);
        var message = new RequestMessage { Req = request };
        if (leaderKnown)
            transport.SendToReplica(this, transport.Configuration.LeaderOf(BelievedView), message);
        else
            transport.SendToAllReplicas(this, message);
        requestTimer.Reset();
    }

    /// <summary>Sends <paramref name="operation"/> to be logged and executed, and returns its reply.</summary>
    /// <exception cref="InvalidOperationException">A logged request is already pending.</exception>
    public Task<byte[]> InvokeAsync(ReadOnlySpan<byte> operation)
    {
        var completion = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        Invoke(operation, completion.SetResult);
        return completion.Task;
    }

    /// <summary>
    /// Sends <paramref name="operation"/> to replica <paramref name="replicaIndex"/> to execute without logging;
    /// either <paramref name="onReply"/> or, after <paramref name="timeout"/> (default
    /// <see cref="ClientOptions.UnloggedRequestTimeout"/>), <paramref name="onTimeout"/> runs, once.
    /// </summary>
    /// <exception cref="InvalidOperationException">An unlogged request is already pending.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No such replica.</exception>
    public void InvokeUnlogged(int replicaIndex, ReadOnlySpan<byte> operation, Action<byte[]> onReply, Action onTimeout,
        TimeSpan? timeout = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(replicaIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(replicaIndex, transport.Configuration.Count);
        if (pendingUnlogged.HasValue)
            throw new InvalidOperationException("this client already has an unlogged request pending; wait for its reply or timeout first");
        var request = new UnloggedRequest { Op = ByteString.CopyFrom(operation), Clientid = ClientId, Clientreqid = ++lastRequestId };
        pendingUnlogged = (replicaIndex, onReply, onTimeout);
        unloggedTimer.Period = timeout ?? Options.UnloggedRequestTimeout;
        unloggedTimer.Reset();
        transport.SendToReplica(this, replicaIndex, new UnloggedRequestMessage { Req = request });
    }

    /// <summary>Unlogged form of <see cref="InvokeAsync"/>; fails with <see cref="UnloggedRequestTimeoutException"/> on timeout.</summary>
    public Task<byte[]> InvokeUnloggedAsync(int replicaIndex, ReadOnlySpan<byte> operation, TimeSpan? timeout = null)
    {
        var completion = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var limit = timeout ?? Options.UnloggedRequestTimeout;
        InvokeUnlogged(replicaIndex, operation, completion.SetResult,
            () => completion.SetException(new UnloggedRequestTimeoutException(replicaIndex, limit)), limit);
        return completion.Task;
    }

    /// <inheritdoc />
    public void Receive(EndpointAddress from, IMessage message, in ReceiveInfo info)
    {
        if (disposed) return;
        switch (message)
        {
            case ReplyMessage reply: HandleReply(reply); break;
            case UnloggedReplyMessage reply: HandleUnloggedReply(from, reply); break;
        }
    }

    /// <summary>Stops the timers and releases the client's address; pending requests are abandoned without callbacks.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        requestTimer.Stop();
        unloggedTimer.Stop();
        transport.Unregister(this);
    }

    private void ResendRequest()
    {
        if (disposed || pending is not { } current) return;
        Resends++;
        transport.SendToAllReplicas(this, new RequestMessage { Req = current.Request });
        requestTimer.Retry();
    }

    private void HandleReply(ReplyMessage reply)
    {
        if (pending is not { } current || reply.Clientreqid != current.Request.Clientreqid) return;
        if (reply.View > BelievedView) BelievedView = reply.View;
        leaderKnown = true;
        requestTimer.Answered();
        pending = null;
        current.OnReply(reply.Reply.ToByteArray());
    }

    private void HandleUnloggedReply(EndpointAddress from, UnloggedReplyMessage reply)
    {
        // The message carries no request id: accept it only from the replica asked.
        if (pendingUnlogged is not { } current || from != transport.Configuration.Replicas[current.Replica].Address) return;
        unloggedTimer.Stop();
        pendingUnlogged = null;
        current.OnReply(reply.Reply.ToByteArray());
    }

    private void ExpireUnlogged()
    {
        if (disposed || pendingUnlogged is not { } current) return;
        pendingUnlogged = null;
        current.OnTimeout();
    }
}
