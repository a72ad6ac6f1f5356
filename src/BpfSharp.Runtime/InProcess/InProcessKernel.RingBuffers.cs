using BpfSharp.InProcess.Storage;

namespace BpfSharp.InProcess;

// The ring-buffer helpers (bpf_ringbuf_reserve, _submit, _discard, _output) and the userspace reader.
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

    void* IProgramHost.RingReserve(RingBuffer ring, uint size) => RingReserve(ring, size);

    void IProgramHost.RingCommit(RingBuffer ring, void* record, bool discard) => RingCommit(ring, record, discard);

    private void* RingReserve(RingBuffer ring, uint size)
    {
        lock (_gate) return StorageOf<RingStorage>(ring).Reserve(size);
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

    internal bool TryConsume(RingBuffer ring, out byte[] record)
    {
        lock (_gate) return StorageOf<RingStorage>(ring).TryConsume(out record);
    }
}
