namespace BpfSharp.InProcess;

/// <summary>
/// A simulated network device (a <c>struct net_device</c> by ifindex). Frames a program sends out of it
/// (<c>XDP_TX</c>, <c>bpf_redirect</c>, <c>bpf_clone_redirect</c>) wait on its transmit queue; frames redirected to its
/// ingress wait on its receive queue. A simulated network dequeues and delivers them. Safe to use from any thread.
/// </summary>
public sealed class SimulatedDevice
{
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _transmit = new();
    private readonly Queue<byte[]> _receive = new();

    internal SimulatedDevice(uint ifindex) => Ifindex = ifindex;

    /// <summary>The interface index.</summary>
    public uint Ifindex { get; }

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
        lock (_gate) (ingress ? _receive : _transmit).Enqueue(frame);
    }
}
