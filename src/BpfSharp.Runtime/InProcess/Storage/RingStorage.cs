using System.Runtime.InteropServices;

namespace BpfSharp.InProcess.Storage;

/// <summary>
/// <c>BPF_MAP_TYPE_RINGBUF</c> with the kernel's accounting: each record takes its size plus the 8-byte header, rounded
/// up to 8, from the moment it is reserved; the producer may run at most size - 1 bytes ahead of the consumer
/// (<c>__bpf_ringbuf_reserve</c>); the consumer sees records in reservation order, stops at one still reserved, and
/// skips discarded ones. Space returns when the consumer moves past a record, whether submitted or discarded.
/// Records live in their own native blocks, so a reserved pointer is stable.
/// </summary>
internal sealed unsafe class RingStorage(BpfMap descriptor) : MapStorage(descriptor)
{
    /// <summary><c>BPF_RINGBUF_HDR_SZ</c>.</summary>
    public const uint HeaderSize = 8;

    /// <summary><c>RINGBUF_MAX_RECORD_SZ</c>.</summary>
    private const uint MaxRecordSize = uint.MaxValue / 4;

    private enum State { Reserved, Submitted, Discarded }

    private sealed class Record(ulong length, byte* data, uint size)
    {
        public ulong Length { get; } = length;
        public byte* Data { get; } = data;
        public uint Size { get; } = size;
        public State State;
    }

    private readonly LinkedList<Record> _records = new();
    private readonly Dictionary<nint, Record> _byData = [];
    private ulong _producer;
    private ulong _consumer;

    private ulong Mask => (ulong)Descriptor.MaxEntries - 1;

    /// <summary>Bytes between the consumer and the producer: reserved, unread and not yet skipped records.</summary>
    public ulong BytesInUse => _producer - _consumer;

    /// <summary><c>bpf_ringbuf_query</c> on this buffer.</summary>
    public ulong Query(RingBufferQuery what) => what switch
    {
        RingBufferQuery.AvailableData => BytesInUse,
        RingBufferQuery.RingSize => (ulong)Descriptor.MaxEntries,
        RingBufferQuery.ConsumerPosition => _consumer,
        RingBufferQuery.ProducerPosition => _producer,
        _ => 0,
    };

    /// <summary>Number of records reserved and neither submitted nor discarded.</summary>
    public int OutstandingReservations => _byData.Count;

    /// <summary>
    /// <c>bpf_ringbuf_reserve</c>: a record of <paramref name="size"/> bytes, or null when there is no room; zeroed, or
    /// filled by <paramref name="unwritten"/> with what the kernel's record would hold at its place.
    /// </summary>
    public byte* Reserve(uint size, RingReservationBytes? unwritten = null)
    {
        if (size > MaxRecordSize)
            return null;
        ulong length = (size + HeaderSize + 7) & ~7UL;
        if (length > (ulong)Descriptor.MaxEntries || _producer + length - _consumer > Mask)
            return null;
        var data = (byte*)NativeMemory.AlignedAlloc(Math.Max(size, 1), 8);
        NativeMemory.Clear(data, Math.Max(size, 1));
        unwritten?.Invoke((RingBuffer)Descriptor, _producer + HeaderSize, new Span<byte>(data, (int)size));
        var record = new Record(length, data, size);
        _records.AddLast(record);
        _byData.Add((nint)data, record);
        _producer += length;
        return data;
    }

    /// <summary><c>bpf_ringbuf_submit</c> / <c>bpf_ringbuf_discard</c>; returns the record's bytes when submitted.</summary>
    /// <exception cref="InvalidOperationException">The pointer is not an outstanding reservation of this ring buffer.</exception>
    public ReadOnlySpan<byte> Commit(void* data, bool discard)
    {
        if (!_byData.Remove((nint)data, out Record? record))
            throw new InvalidOperationException(
                "submit or discard of a pointer that is not an outstanding reservation of this ring buffer "
                + "(already released, or from another buffer); the verifier rejects such a program");
        record.State = discard ? State.Discarded : State.Submitted;
        return discard ? default : new ReadOnlySpan<byte>(record.Data, (int)record.Size);
    }

    /// <summary>Discards every outstanding reservation (a program that leaked one); returns how many there were.</summary>
    public int DiscardOutstanding()
    {
        int count = _byData.Count;
        foreach (Record record in _byData.Values)
            record.State = State.Discarded;
        _byData.Clear();
        return count;
    }

    /// <summary>
    /// Consumes the next submitted record, skipping discarded ones, as the consumer does; false when none is ready
    /// (the buffer is empty or its oldest record is still reserved).
    /// </summary>
    public bool TryConsume(out byte[] bytes)
    {
        while (_records.First is { } first && first.Value.State != State.Reserved)
        {
            Record record = first.Value;
            _records.RemoveFirst();
            _consumer += record.Length;
            bool submitted = record.State == State.Submitted;
            bytes = submitted ? new ReadOnlySpan<byte>(record.Data, (int)record.Size).ToArray() : [];
            NativeMemory.AlignedFree(record.Data);
            if (submitted)
                return true;
        }
        bytes = [];
        return false;
    }

    public override void Dispose()
    {
        foreach (Record record in _records)
            NativeMemory.AlignedFree(record.Data);
        _records.Clear();
        _byData.Clear();
    }
}
