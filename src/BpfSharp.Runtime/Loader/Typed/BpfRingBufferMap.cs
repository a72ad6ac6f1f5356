namespace BpfSharp.Loader;

/// <summary>A loaded <c>BPF_MAP_TYPE_RINGBUF</c> (a <see cref="RingBuffer"/> in the program), read through <see cref="OpenReader"/>.</summary>
public sealed class BpfRingBufferMap : BpfTypedMap
{
    /// <summary>Views <paramref name="handle"/> as a ring buffer.</summary>
    /// <exception cref="ArgumentException">The map is not a ring buffer.</exception>
    public BpfRingBufferMap(BpfMapHandle handle) : base(handle, BpfMapType.RingBuffer, 0, 0) { }

    /// <summary>A reader that hands each record to <paramref name="handler"/> on <see cref="BpfRingBuffer.Poll"/> or <see cref="BpfRingBuffer.Consume"/>.</summary>
    public BpfRingBuffer OpenReader(RingBufferRecordHandler handler) => new(Handle, handler);
}
