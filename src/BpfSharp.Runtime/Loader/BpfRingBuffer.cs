using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>Receives one ring-buffer record; the span points into the ring and is valid only during the call.</summary>
public delegate void RingBufferRecordHandler(ReadOnlySpan<byte> record);

/// <summary>
/// Consumes the records a BPF program submits to a <c>BPF_MAP_TYPE_RINGBUF</c> map, handing each to a
/// managed handler without copying or allocating per record. Poll it from one thread at a time.
/// </summary>
public sealed unsafe class BpfRingBuffer : IDisposable
{
    private const int HandlerFailed = -1;

    private readonly RingBufferRecordHandler handler;
    private readonly string mapName;
    private GCHandle self;
    private IntPtr ringBuffer;
    private ExceptionDispatchInfo? handlerFailure;

    /// <summary>Starts consuming the ring buffer map; records are delivered during <see cref="Poll"/> and <see cref="Consume"/>.</summary>
    public BpfRingBuffer(BpfMapHandle map, RingBufferRecordHandler handler)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(handler);
        if (map.Type != BpfMapType.RingBuffer)
            throw new InvalidOperationException($"Map '{map.Name}' is a {map.Type} map, not a ring buffer.");
        this.handler = handler;
        mapName = map.Name;
        self = GCHandle.Alloc(this);
        ringBuffer = Libbpf.RingBufferNew(map.Fd, &OnRecord, (void*)GCHandle.ToIntPtr(self), null);
        if (ringBuffer == IntPtr.Zero)
        {
            int errno = Marshal.GetLastPInvokeError();
            self.Free();
            throw BpfException.FromErrno($"Opening ring buffer '{map.Name}'", errno);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for records and delivers those available; returns how many.</summary>
    /// <exception cref="Exception">Whatever the handler threw; the records after it stay in the ring.</exception>
    public int Poll(TimeSpan timeout)
    {
        int milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
        return Complete(Libbpf.RingBufferPoll(Handle, milliseconds), "Polling");
    }

    /// <summary>
    /// libbpf's epoll descriptor for this ring (<c>ring_buffer__epoll_fd</c>): readable when the kernel woke the consumer
    /// for new records. An event loop waits on it with its other descriptors, then calls <see cref="Consume"/>. Owned by
    /// this object: valid until it is disposed.
    /// </summary>
    public int EpollDescriptor => Libbpf.RingBufferEpollFd(Handle);

    /// <summary>Delivers every record already in the ring without waiting; returns how many.</summary>
    public int Consume() => Complete(Libbpf.RingBufferConsume(Handle), "Consuming");

    private IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(ringBuffer == IntPtr.Zero, this);
            return ringBuffer;
        }
    }

    private int Complete(int result, string operation)
    {
        if (handlerFailure is { } failure)
        {
            handlerFailure = null;
            failure.Throw();
        }
        if (result == -Errno.EINTR)
            return 0;
        if (result < 0)
            throw BpfException.FromErrno($"{operation} ring buffer '{mapName}'", result);
        return result;
    }

    [UnmanagedCallersOnly]
    private static int OnRecord(void* context, void* data, nuint size)
    {
        var ring = (BpfRingBuffer)GCHandle.FromIntPtr((IntPtr)context).Target!;
        try
        {
            ring.handler(new ReadOnlySpan<byte>(data, checked((int)size)));
            return 0;
        }
        catch (Exception exception)
        {
            // An exception must not unwind through libbpf's frames: keep it and stop consuming.
            ring.handlerFailure = ExceptionDispatchInfo.Capture(exception);
            return HandlerFailed;
        }
    }

    /// <summary>Stops consuming and releases the ring's mapping.</summary>
    public void Dispose()
    {
        if (ringBuffer == IntPtr.Zero)
            return;
        Libbpf.RingBufferFree(ringBuffer);
        ringBuffer = IntPtr.Zero;
        self.Free();
    }
}
