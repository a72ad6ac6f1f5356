namespace BpfSharp.InProcess;

/// <summary>
/// A simulated network device (a <c>struct net_device</c> by ifindex). Frames a program sends out of it
/// (<c>XDP_TX</c>, <c>bpf_redirect</c>, <c>bpf_clone_redirect</c>) wait on its transmit queue; frames redirected to its
/// ingress wait on its receive queue. A simulated network dequeues and delivers them. Like a real queue
/// (<c>txqueuelen</c>), each holds at most <see cref="QueueCapacity"/> frames and drops what arrives when it is full, so a
/// test that reads results instead of queues does not accumulate frames without bound. Safe to use from any thread.
/// </summary>
public sealed class SimulatedDevice
{
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _transmit = new();
    private readonly Queue<byte[]> _receive = new();

    private int _queueCapacity = DefaultQueueCapacity;
    private long _dropped;

    internal SimulatedDevice(uint ifindex) => Ifindex = ifindex;

    /// <summary>Frames each queue holds by default: Linux's default <c>txqueuelen</c>.</summary>
    public const int DefaultQueueCapacity = 1000;

    /// <summary>The interface index.</summary>
    public uint Ifindex { get; }

    /// <summary>Frames each queue holds before it drops new ones; at least 1.</summary>
    public int QueueCapacity
    {
        get { lock (_gate) return _queueCapacity; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (_gate) _queueCapacity = value;
        }
    }

    /// <summary>Frames dropped because their queue was full.</summary>
    public long Dropped
    {
        get { lock (_gate) return _dropped; }
    }

    /// <summary>Frames waiting to be transmitted.</summary>
    public int TransmitCount
    {
        get { lock (_gate) return _transmit.Count; }
    }

    /// <summary>Frames waiting to be received (redirected to this device's ingress).</summary>
    public int ReceiveCount
    {
        get { lock (_gate) return _receive.Count; }
    }

    /// <summary>Takes the oldest frame of the transmit queue; false when it is empty.</summary>
    public bool TryDequeueTransmitted(out byte[] frame)
    {
        lock (_gate) return _transmit.TryDequeue(out frame!);
    }

    /// <summary>Takes the oldest frame of the receive queue; false when it is empty.</summary>
    public bool TryDequeueReceived(out byte[] frame)
    {
        lock (_gate) return _receive.TryDequeue(out frame!);
    }

    internal void Enqueue(byte[] frame, bool ingress)
    {
        lock (_gate)
        {
            Queue<byte[]> queue = ingress ? _receive : _transmit;
            if (queue.Count < _queueCapacity)
                queue.Enqueue(frame);
            else
                _dropped++;
        }
    }
}
