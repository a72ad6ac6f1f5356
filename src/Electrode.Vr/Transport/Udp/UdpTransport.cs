using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Transport.Udp;

/// <summary>
/// <see cref="ITransport"/> over IPv4 UDP sockets, in the Electrode wire format. One event loop thread owns the
/// sockets and the timer queue and runs every receive and timer callback; messages are decoded in place from a
/// reused receive buffer and encoded into pooled buffers. Malformed datagrams are counted and dropped.
/// Start the loop with <see cref="Start"/> (own thread) or <see cref="Run"/> (caller's thread).
/// Send methods are thread-safe; Register, StartTimer, CancelTimer and Post may be called from any thread.
/// </summary>
public sealed partial class UdpTransport : ITransport, IDisposable
{
    private const int NotRunning = -1;

    private readonly UdpTransportOptions _options;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<ITransportReceiver, UdpEndpoint> _endpoints = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<EndpointAddress, SocketAddress> _destinations = new();
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly TimerQueue _timers = new();
    private readonly Socket _wakeSocket;
    private readonly SocketAddress _wakeAddress;
    private readonly ManualResetEventSlim _loopIdle = new(initialState: true);
    private int _loopThreadId = NotRunning;
    private int _wakePending;
    private long _lastTimerId;
    private long _lastFragmentMessageId;
    private volatile bool _stopping;
    private volatile bool _disposed;
    private bool _closeSocketsOnLoopExit;
    private Thread? _thread;

    /// <summary>Creates a transport for <paramref name="configuration"/>; nothing is bound until <see cref="Register"/>.</summary>
    public UdpTransport(ClusterConfiguration configuration, UdpTransportOptions? options = null)
    {
        Configuration = configuration;
        _options = options ?? new UdpTransportOptions();
        _wakeSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _wakeSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _wakeSocket.Blocking = false;
        _wakeAddress = _wakeSocket.LocalEndPoint!.Serialize();
    }

    /// <inheritdoc />
    public ClusterConfiguration Configuration { get; }

    /// <inheritdoc />
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Traffic and error counts.</summary>
    public UdpTransportCounters Counters { get; } = new();

    /// <summary>
    /// Raised on the loop thread when a receiver, timer or posted callback throws. The loop counts the exception
    /// and carries on with the next event.
    /// </summary>
    public event Action<Exception>? CallbackFailed;

    /// <inheritdoc />
    public EndpointAddress Register(ITransportReceiver receiver, int? replicaIndex)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_endpoints.ContainsKey(receiver))
            throw new InvalidOperationException("this receiver is already registered");
        var bindTo = replicaIndex is int index
            ? SocketAddresses.ToIPEndPoint(Configuration.Replicas[CheckReplicaIndex(index)].Address)
            : new IPEndPoint(_options.ClientBindAddress, 0);
        var socket = OpenSocket(bindTo, replicaIndex);
        var address = SocketAddresses.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!);
        var endpoint = new UdpEndpoint(socket, receiver, replicaIndex, _options.Reassembly);
        if (!_endpoints.TryAdd(receiver, endpoint))
        {
            socket.Dispose();
            throw new InvalidOperationException("this receiver is already registered");
        }
        OnLoop(() => _loopEndpoints.Add(endpoint));
        return address;
    }

    /// <summary>Detaches a receiver and closes its socket; its port is free when this returns.</summary>
    /// <returns>False when the receiver was not registered.</returns>
    public bool Unregister(ITransportReceiver receiver)
    {
        if (!_endpoints.TryRemove(receiver, out var endpoint))
            return false;
        if (CanTouchLoopState)
        {
            Close(endpoint);
            return true;
        }
        using var closed = new ManualResetEventSlim();
        Post(() =>
        {
            Close(endpoint);
            closed.Set();
        });
        WaitHandle.WaitAny([closed.WaitHandle, _loopIdle.WaitHandle]);
        if (!closed.IsSet)
            Close(endpoint);
        return true;
    }

    private void Close(UdpEndpoint endpoint)
    {
        _loopEndpoints.Remove(endpoint);
        endpoint.IsClosed = true;
        endpoint.Socket.Dispose();
    }

    /// <inheritdoc />
    public bool Send(ITransportReceiver from, EndpointAddress to, IMessage message) =>
        SendMessage(EndpointOf(from), to, message);

    /// <inheritdoc />
    public bool SendToReplica(ITransportReceiver from, int replicaIndex, IMessage message) =>
        SendMessage(EndpointOf(from), Configuration.Replicas[CheckReplicaIndex(replicaIndex)].Address, message);

    /// <inheritdoc />
    public bool SendToAllReplicas(ITransportReceiver from, IMessage message)
    {
        var sender = EndpointOf(from);
        int n = Configuration.Count;
        if (_disposed)
            return false;
        int bodyLength = message.CalculateSize();
        if (_options.KernelBroadcast && sender.ReplicaIndex is int self && n > 1
            && KernelBroadcast.Expands(message, MessageEncoder.GetEncodedLength(message, bodyLength)))
        {
            using var broadcast = new EncodedDatagram(message, bodyLength, FastHeaderBits.Broadcast);
            return SendEncoded(sender, Configuration.Replicas[(self + 1) % n].Address, broadcast.Bytes);
        }

        // Encoded once for every destination: only the address differs.
        using var datagram = new EncodedDatagram(message, bodyLength);
        bool allSent = true;
        for (int i = 0; i < n; i++)
        {
            if (i != sender.ReplicaIndex)
                allSent &= SendEncoded(sender, Configuration.Replicas[i].Address, datagram.Bytes);
        }
        return allSent;
    }

    /// <inheritdoc />
    public long StartTimer(TimeSpan delay, Action callback)
    {
        if (delay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(delay), $"a timer cannot fire in the past ({delay})");
        long id = Interlocked.Increment(ref _lastTimerId);
        var due = Now + delay;
        if (CanTouchLoopState)
            _timers.Add(id, due, callback);
        else
            Post(() => _timers.Add(id, due, callback));
        return id;
    }

    /// <inheritdoc />
    public void CancelTimer(long timerId)
    {
        if (CanTouchLoopState)
            _timers.Cancel(timerId);
        else
            Post(() => _timers.Cancel(timerId));
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread, after what is already queued.</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        if (Interlocked.CompareExchange(ref _wakePending, 1, 0) == 0)
            Wake();
    }

    private bool SendMessage(UdpEndpoint from, EndpointAddress to, IMessage message)
    {
        if (_disposed)
            return false;
        using var datagram = new EncodedDatagram(message, message.CalculateSize());
        return SendEncoded(from, to, datagram.Bytes);
    }

    private bool SendEncoded(UdpEndpoint from, EndpointAddress to, ReadOnlySpan<byte> datagram)
    {
        var destination = DestinationOf(to);
        if (!DatagramFragmenter.NeedsFragmentation(datagram.Length))
            return SendDatagram(from.Socket, datagram, destination);
        if (datagram.Length - 4 > _options.Reassembly.MaxMessageLength)
        {
            Counters.OnMessageTooLarge();
            return false;
        }
        return SendFragments(from.Socket, datagram, destination);
    }

    private bool SendFragments(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        ulong messageId = (ulong)Interlocked.Increment(ref _lastFragmentMessageId);
        var fragment = ArrayPool<byte>.Shared.Rent(DatagramFragmenter.MaxFragmentSize());
        try
        {
            int count = DatagramFragmenter.FragmentCount(datagram.Length);
            for (int i = 0; i < count; i++)
            {
                int length = DatagramFragmenter.WriteFragment(datagram, messageId, i, fragment);
                if (!SendDatagram(socket, fragment.AsSpan(0, length), destination))
                    return false;
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(fragment);
        }
    }

    private bool SendDatagram(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, destination);
            Counters.OnDatagramSent();
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Counters.OnSendError();
            return false;
        }
    }

    private SocketAddress DestinationOf(EndpointAddress to) =>
        _destinations.TryGetValue(to, out var cached)
            ? cached
            : _destinations.Count < 4096
                ? _destinations.GetOrAdd(to, static a => SocketAddresses.ToSocketAddress(a))
                : SocketAddresses.ToSocketAddress(to);

    private UdpEndpoint EndpointOf(ITransportReceiver receiver) =>
        _endpoints.TryGetValue(receiver, out var endpoint)
            ? endpoint
            : throw new ArgumentException("the sender is not registered with this transport; call Register first", nameof(receiver));

    private Socket OpenSocket(IPEndPoint bindTo, int? replicaIndex)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = _options.SocketBufferSize;
            socket.SendBufferSize = _options.SocketBufferSize;
            socket.Bind(bindTo);
            socket.Blocking = false;
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            string who = replicaIndex is int i ? $"replica {i}" : "a client";
            throw new InvalidOperationException($"cannot bind {who} to {bindTo}: {e.Message}", e);
        }
    }

    private int CheckReplicaIndex(int index) =>
        (uint)index < (uint)Configuration.Count
            ? index
            : throw new ArgumentOutOfRangeException(nameof(index), $"replica index {index} is outside 0..{Configuration.Count - 1}");
}
