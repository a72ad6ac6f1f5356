namespace BpfSharp;

/// <summary>
/// <c>BPF_MAP_TYPE_RINGBUF</c>: a multi-producer, single-consumer buffer of <paramref name="sizeBytes"/> bytes (a power
/// of two and a multiple of the page size) through which programs hand records to userspace. Each record costs an
/// 8-byte header plus its size rounded up to 8.
/// </summary>
public sealed unsafe class RingBuffer(int sizeBytes) : BpfMap(MapKind.RingBuffer, 0, 0, CheckSize(sizeBytes))
{
    private const int PageSize = 4096;

    /// <summary>
    /// <c>bpf_ringbuf_reserve</c>: space for one <typeparamref name="TRecord"/>, or null when the buffer is full.
    /// A reserved record must be submitted or discarded on every path.
    /// </summary>
    public TRecord* Reserve<TRecord>() where TRecord : unmanaged => (TRecord*)Host.RingReserve(this, (uint)sizeof(TRecord));

    /// <summary>
    /// <c>bpf_ringbuf_submit</c>: makes a reserved record visible to the consumer, waking it as <paramref name="wakeup"/>
    /// says (in-process there is no one to wake: the choice changes nothing there).
    /// </summary>
    public void Submit(void* record, RingBufferWakeup wakeup = RingBufferWakeup.Adaptive) => Host.RingCommit(this, record, discard: false);

    /// <summary><c>bpf_ringbuf_discard</c>: releases a reserved record unseen (the consumer skips it when it wakes).</summary>
    public void Discard(void* record, RingBufferWakeup wakeup = RingBufferWakeup.Adaptive) => Host.RingCommit(this, record, discard: true);

    /// <summary>
    /// <c>bpf_ringbuf_output</c>: copies <paramref name="size"/> bytes as one record; 0, <c>-EAGAIN</c> when full, or
    /// <c>-EINVAL</c> when <paramref name="wakeup"/> has a bit other than <see cref="RingBufferWakeup"/>'s.
    /// </summary>
    public int Output(void* data, ulong size, RingBufferWakeup wakeup = RingBufferWakeup.Adaptive) =>
        ((ulong)wakeup & ~(ulong)(RingBufferWakeup.Never | RingBufferWakeup.Always)) != 0 ? -Errno.EINVAL : Host.RingOutput(this, data, size);

    /// <summary>
    /// <c>bpf_ringbuf_query</c>: the buffer's occupancy, size or positions as the producer sees them now; 0 for a
    /// <paramref name="what"/> the kernel does not know.
    /// </summary>
    public ulong Query(RingBufferQuery what) => Host.RingQuery(this, what);

    /// <summary>The kernel refuses a ring buffer whose size is not a power of two multiple of the page size.</summary>
    private static int CheckSize(int sizeBytes) =>
        sizeBytes >= PageSize && (sizeBytes & (sizeBytes - 1)) == 0
            ? sizeBytes
            : throw new ArgumentOutOfRangeException(nameof(sizeBytes), sizeBytes,
                $"a ring buffer's size must be a power of two and a multiple of {PageSize} bytes (EINVAL in the kernel)");
}
