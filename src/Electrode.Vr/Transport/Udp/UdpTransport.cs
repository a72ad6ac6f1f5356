using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Electrode.Vr.Transport.Datagrams;
using Google.Protobuf;

namespace Electrode.Vr.Transport.Udp;

/// <summary>
/// <see cref="ITransport"/> over IPv4 UDP sockets, in the Electrode wire format. One event loop thread owns the
/// sockets and the timer queue and runs every receive and timer callback; messages are decoded in place from a
/// reused receive buffer and encoded into pooled buffers. Malformed datagrams are counted and dropped.
/// Start the loop with <see cref="Start"/> (own thread) or <see cref="Run"/> (caller's thread).
/// Send methods are thread-safe; Register, StartTimer, CancelTimer and Post may be called from any thread.
/// </summary>
public sealed partial class UdpTransport : ITransport, IDatagramWire, IDisposable
{
    private const int NotRunning = -1;

    private readonly UdpTransportOptions _options;
    private readonly DatagramPath _path;
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
    private volatile bool _stopping;
    private volatile bool _disposed;
    private bool _closeSocketsOnLoopExit;
    private Thread? _thread;

    /// <summary>Creates a transport for <paramref name="configuration"/>; nothing is bound until <see cref="Register"/>.</summary>
    public UdpTransport(ClusterConfiguration configuration, UdpTransportOptions? options = null)
    {
        Configuration = configuration;
        _options = options ?? new UdpTransportOptions();
        _path = new DatagramPath(configuration, _options.Reassembly, this);
        _wakeSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _wakeSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _wakeSocket.Blocking = false;
        _wakeAddress = _wakeSocket.LocalEndPoint!.Serialize();
        _epoll.Add(DescriptorOf(_wakeSocket));
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
            ? SocketAddresses.ToIPEndPoint(Configuration.Replicas[Configuration.CheckReplicaIndex(index)].Address)
            : new IPEndPoint(_options.ClientBindAddress, 0);
        var socket = OpenSocket(bindTo, replicaIndex);
        var address = SocketAddresses.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!);
        var endpoint = new UdpEndpoint(socket, receiver, replicaIndex, _options.Reassembly);
        if (!_endpoints.TryAdd(receiver, endpoint))
        {
            socket.Dispose();
            throw new InvalidOperationException("this receiver is already registered");
        }
        OnLoop(() => AddToLoop(endpoint));
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
        if (!endpoint.IsClosed)
            _epoll.Remove(DescriptorOf(endpoint.Socket));
        endpoint.IsClosed = true;
        endpoint.Socket.Dispose();
    }

    /// <inheritdoc />
    public bool Send(ITransportReceiver from, EndpointAddress to, IMessage message)
    {
        var sender = EndpointOf(from);
        return !_disposed && _path.Send(sender, to, message);
    }

    /// <inheritdoc />
    public bool SendToReplica(ITransportReceiver from, int replicaIndex, IMessage message)
    {
        var sender = EndpointOf(from);
        var to = Configuration.Replicas[Configuration.CheckReplicaIndex(replicaIndex)].Address;
        return !_disposed && _path.Send(sender, to, message);
    }

    /// <inheritdoc />
    public bool SendToAllReplicas(ITransportReceiver from, IMessage message)
    {
        var sender = EndpointOf(from);
        return !_disposed && _path.SendToAllReplicas(sender, message, _options.KernelBroadcast);
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

    bool IDatagramWire.Transmit(DatagramEndpoint from, EndpointAddress to, ReadOnlySpan<byte> datagram, string messageType)
    {
        try
        {
            ((UdpEndpoint)from).Socket.SendTo(datagram, SocketFlags.None, DestinationOf(to));
            Counters.OnDatagramSent();
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Counters.OnSendError();
            return false;
        }
    }

    void IDatagramWire.OnMessageTooLarge(DatagramEndpoint from, string messageType) => Counters.OnMessageTooLarge();

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

    private const int SocketOptionLevelSocket = 1; // SOL_SOCKET
    private const int SocketOptionNoCheck = 11; // SO_NO_CHECK

    private Socket OpenSocket(IPEndPoint bindTo, int? replicaIndex)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = _options.SocketBufferSize;
            socket.SendBufferSize = _options.SocketBufferSize;
            if (_options.WithoutUdpChecksums)
                socket.SetRawSocketOption(SocketOptionLevelSocket, SocketOptionNoCheck, BitConverter.GetBytes(1));
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

}
