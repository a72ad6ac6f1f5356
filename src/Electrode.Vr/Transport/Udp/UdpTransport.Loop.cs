using System.Net;
using System.Net.Sockets;

namespace Electrode.Vr.Transport.Udp;

/// <summary>
/// The event loop: waits (epoll) on all sockets, the wait sources added with <see cref="AddWaitSource"/> and the next
/// timer deadline, then drains what is ready.
/// </summary>
public sealed partial class UdpTransport
{
    private const int MaxUdpPayload = 65_535;
    private const int MaxReadyPerWait = 64;

    private readonly List<UdpEndpoint> _loopEndpoints = new();
    private readonly Dictionary<int, Action> _waitSources = new();
    private readonly List<int> _readable = new();
    private readonly EpollSet _epoll = new(MaxReadyPerWait);
    private readonly byte[] _receiveBuffer = new byte[MaxUdpPayload];
    private readonly byte[] _wakeBuffer = new byte[16];
    private readonly SocketAddress _receivedFrom = new(AddressFamily.InterNetwork);
    private static ReadOnlySpan<byte> WakeByte => [1];

    private bool CanTouchLoopState
    {
        get
        {
            int loopThread = Volatile.Read(ref _loopThreadId);
            return loopThread == NotRunning || loopThread == Environment.CurrentManagedThreadId;
        }
    }

    /// <summary>Starts the loop on a thread of its own.</summary>
    /// <exception cref="InvalidOperationException">The loop already runs.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var thread = new Thread(() => RunLoop()) { IsBackground = true, Name = "electrode-udp-loop" };
        Claim(thread.ManagedThreadId);
        _thread = thread;
        thread.Start();
    }

    /// <summary>Runs the loop on the calling thread until <see cref="Stop"/> or <see cref="Dispose"/>.</summary>
    /// <exception cref="InvalidOperationException">The loop already runs.</exception>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Claim(Environment.CurrentManagedThreadId);
        RunLoop();
    }

    /// <summary>
    /// Asks the loop to exit after the current event and the datagrams already received, and, unless called from the loop,
    /// waits until it has.
    /// </summary>
    public void Stop()
    {
        _stopping = true;
        Wake();
        if (Volatile.Read(ref _loopThreadId) != Environment.CurrentManagedThreadId)
        {
            _loopIdle.Wait();
            _thread = null;
        }
    }

    /// <summary>Stops the loop and closes every socket.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (Volatile.Read(ref _loopThreadId) == Environment.CurrentManagedThreadId)
        {
            _closeSocketsOnLoopExit = true;
            _stopping = true;
            return;
        }
        Stop();
        CloseSockets();
    }

    private void Claim(int threadId)
    {
        if (Interlocked.CompareExchange(ref _loopThreadId, threadId, NotRunning) != NotRunning)
            throw new InvalidOperationException("the event loop of this transport already runs");
        _stopping = false;
        _loopIdle.Reset();
    }

    private void RunLoop()
    {
        try
        {
            while (!_stopping)
            {
                RunPosted();
                RunDueTimers();
                if (_stopping)
                    break;
                WaitAndDrain();
            }
            HandleWhatWasReceivedBeforeTheStop();
        }
        finally
        {
            if (_closeSocketsOnLoopExit)
                CloseSockets();
            Volatile.Write(ref _loopThreadId, NotRunning);
            _loopIdle.Set();
        }
    }

    /// <summary>
    /// Makes the loop wait on <paramref name="descriptor"/> too, calling <paramref name="onReadable"/> on the loop
    /// whenever it is readable (level-triggered: until the callback consumed what made it so). The transport does not
    /// own the descriptor; remove it before closing it.
    /// </summary>
    public void AddWaitSource(int descriptor, Action onReadable)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(onReadable);
        OnLoop(() =>
        {
            _epoll.Add(descriptor);
            _waitSources.Add(descriptor, onReadable);
        });
    }

    /// <summary>Stops waiting on a descriptor given to <see cref="AddWaitSource"/>.</summary>
    public void RemoveWaitSource(int descriptor) => OnLoop(() =>
    {
        if (_waitSources.Remove(descriptor))
            _epoll.Remove(descriptor);
    });

    private void WaitAndDrain()
    {
        _epoll.Wait(MicrosecondsUntilNextTimer(), _readable);
        foreach (int descriptor in _readable)
        {
            if (descriptor == DescriptorOf(_wakeSocket))
                DrainWakeups();
            else if (_waitSources.TryGetValue(descriptor, out var onReadable))
                Invoke(onReadable);
            else if (LoopEndpointOf(descriptor) is { } endpoint)
                Drain(endpoint);
        }
    }

    private static int DescriptorOf(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    private void AddToLoop(UdpEndpoint endpoint)
    {
        _loopEndpoints.Add(endpoint);
        _epoll.Add(DescriptorOf(endpoint.Socket));
    }

    /// <summary>
    /// Handles the datagrams already waiting in the sockets when the loop stops, so that a clean stop loses nothing peers
    /// had delivered to this host (a follower stopped right after its leader's last Prepare still logs it). Bounded, as
    /// peers may keep sending: at most <see cref="StopDrainRounds"/> rounds of
    /// <see cref="UdpTransportOptions.MaxDatagramsPerWakeup"/> datagrams per endpoint.
    /// </summary>
    private void HandleWhatWasReceivedBeforeTheStop()
    {
        foreach (var endpoint in _loopEndpoints.ToArray())
        {
            for (int round = 0; round < StopDrainRounds && !endpoint.IsClosed && endpoint.Socket.Poll(0, SelectMode.SelectRead); round++)
                Drain(endpoint);
        }
    }

    private const int StopDrainRounds = 16;

    /// <summary>The endpoint of a readable socket, or null when a callback earlier in this drain unregistered it.</summary>
    private UdpEndpoint? LoopEndpointOf(int descriptor)
    {
        foreach (var endpoint in _loopEndpoints)
        {
            if (!endpoint.IsClosed && DescriptorOf(endpoint.Socket) == descriptor)
                return endpoint;
        }
        return null;
    }

    private long MicrosecondsUntilNextTimer()
    {
        if (_timers.NextDue() is not { } due)
            return -1;
        double micros = Math.Ceiling((due - Now).TotalMicroseconds);
        return (long)Math.Clamp(micros, 0, int.MaxValue);
    }

    /// <summary>
    /// Receives what is waiting on a socket select reported readable: the first receive needs no poll of its own (a
    /// spurious readiness ends in WouldBlock on the non-blocking socket).
    /// </summary>
    private void Drain(UdpEndpoint endpoint)
    {
        for (int i = 0; i < _options.MaxDatagramsPerWakeup && !endpoint.IsClosed
                        && (i == 0 || endpoint.Socket.Poll(0, SelectMode.SelectRead)); i++)
        {
            int length;
            try
            {
                length = endpoint.Socket.ReceiveFrom(_receiveBuffer, SocketFlags.None, _receivedFrom);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return;
            }
            catch (SocketException)
            {
                Counters.OnReceiveError();
                continue;
            }
            Counters.OnDatagramReceived();
            Handle(endpoint, _receiveBuffer.AsSpan(0, length), SocketAddresses.FromSocketAddress(_receivedFrom));
        }
    }

    private void Handle(UdpEndpoint endpoint, ReadOnlySpan<byte> datagram, EndpointAddress from)
    {
        if (_path.Receive(endpoint, from, datagram, Now) is not { } result)
            return;
        if (!result.IsSuccess)
        {
            Counters.OnMalformed();
            return;
        }
        Counters.OnMessageDelivered();
        try
        {
            endpoint.Receiver.Receive(from, result.Message!, result.Info);
        }
        catch (Exception e)
        {
            ReportCallbackFailure(e);
        }
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var action))
            Invoke(action);
    }

    private void RunDueTimers()
    {
        while (!_stopping && _timers.TryTakeDue(Now, out var callback))
            Invoke(callback);
    }

    private void Invoke(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            ReportCallbackFailure(e);
        }
    }

    private void ReportCallbackFailure(Exception e)
    {
        Counters.OnCallbackException();
        CallbackFailed?.Invoke(e);
    }

    private void OnLoop(Action action)
    {
        if (CanTouchLoopState)
            action();
        else
            Post(action);
    }

    private void Wake()
    {
        try
        {
            _wakeSocket.SendTo(WakeByte, SocketFlags.None, _wakeAddress);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // A full wake socket already guarantees a wakeup; a closed one means the loop is gone.
        }
    }

    private void DrainWakeups()
    {
        Volatile.Write(ref _wakePending, 0);
        while (_wakeSocket.Poll(0, SelectMode.SelectRead))
        {
            try
            {
                _wakeSocket.Receive(_wakeBuffer);
            }
            catch (SocketException)
            {
                return;
            }
        }
    }

    private void CloseSockets()
    {
        foreach (var endpoint in _endpoints.Values)
            endpoint.Socket.Dispose();
        _wakeSocket.Dispose();
        _epoll.Dispose();
    }
}
