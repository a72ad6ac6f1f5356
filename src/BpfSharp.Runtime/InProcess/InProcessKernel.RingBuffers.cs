using BpfSharp.InProcess.Storage;

namespace BpfSharp.InProcess;

// The ring-buffer helpers (bpf_ringbuf_reserve, _submit, _discard, _output, _query) and the userspace reader.
public sealed unsafe partial class InProcessKernel
{
    /// <summary>
    /// A reader of <paramref name="ring"/>'s records, the in-process counterpart of libbpf's <c>ring_buffer</c>: records
    /// appear once submitted, in reservation order, and reading one frees its space.
    /// </summary>
    public IRingBufferReader RingBufferReader(RingBuffer ring)
    {
        lock (_gate) StorageOf(ring);
        return new InProcessRingBufferReader(this, ring);
    }

    /// <summary>
    /// Runs on the program's thread right after a program reserved a record (successfully or not), outside the kernel's
    /// lock: a test acts there as another CPU would while the program holds a reservation (for example, it changes a
    /// map value the program read before and exchanges after).
    /// </summary>
    public Action<RingBuffer>? AfterRingReserve { get; set; }

    /// <summary>
    /// What a new ring-buffer reservation holds before the program writes it. Null (the default): zeros, as every
    /// reservation of a fresh kernel ring holds; the kernel does not clear a reservation, so once its ring has wrapped a
    /// record holds earlier records' bytes, which a program must not read as its own. The differential tester sets this
    /// to the bytes the kernel's ring holds at the same place, so both sides start a record alike.
    /// </summary>
    public RingReservationBytes? UnwrittenRingBytes { get; set; }

    void* IProgramHost.RingReserve(RingBuffer ring, uint size)
    {
        void* record = RingReserve(ring, size);
        AfterRingReserve?.Invoke(ring);
        return record;
    }

    void IProgramHost.RingCommit(RingBuffer ring, void* record, bool discard) => RingCommit(ring, record, discard);

    private void* RingReserve(RingBuffer ring, uint size)
    {
        lock (_gate) return StorageOf<RingStorage>(ring).Reserve(size, UnwrittenRingBytes);
    }

    private void RingCommit(RingBuffer ring, void* record, bool discard)
    {
        lock (_gate)
        {
            ReadOnlySpan<byte> submitted = StorageOf<RingStorage>(ring).Commit(record, discard);
            if (!discard)
                CurrentRun().RingRecords.Add(new RingRecord(ring, submitted.ToArray()));
        }
    }

    /// <summary><c>bpf_ringbuf_output</c>: reserve, copy, submit; <c>-EAGAIN</c> when there is no room.</summary>
    int IProgramHost.RingOutput(RingBuffer ring, void* data, ulong size)
    {
        lock (_gate)
        {
            if (size > uint.MaxValue)
                return -Errno.EAGAIN;
            void* record = RingReserve(ring, (uint)size);
            if (record == null)
                return -Errno.EAGAIN;
            Buffer.MemoryCopy(data, record, size, size);
            RingCommit(ring, record, discard: false);
            return 0;
        }
    }

    ulong IProgramHost.RingQuery(RingBuffer ring, RingBufferQuery what)
    {
        lock (_gate) return StorageOf<RingStorage>(ring).Query(what);
    }

    internal bool TryConsume(RingBuffer ring, out byte[] record)
    {
        lock (_gate) return StorageOf<RingStorage>(ring).TryConsume(out record);
    }
}
