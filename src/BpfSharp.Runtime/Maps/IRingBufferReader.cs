namespace BpfSharp;

/// <summary>
/// Userspace consumer of a <see cref="RingBuffer"/>, the shape of libbpf's <c>ring_buffer</c>: records arrive in the
/// order they were reserved, once submitted; discarded ones are skipped; reading a record frees its space in the
/// buffer. Implemented by the in-process kernel and, for a loaded object, over <c>ring_buffer__new</c>/<c>ring_buffer__consume</c>. One consumer per ring buffer; not thread-safe.
/// </summary>
public interface IRingBufferReader : IDisposable
{
    /// <summary>The ring buffer this reader consumes.</summary>
    RingBuffer Ring { get; }

    /// <summary>Takes the next record without waiting; false when none is ready.</summary>
    bool TryRead(out byte[] record);

    /// <summary>
    /// Hands every ready record (at most <paramref name="maxRecords"/>) to <paramref name="handler"/>, in order, without
    /// waiting (<c>ring_buffer__consume</c>); returns how many were read.
    /// </summary>
    int Drain(RingRecordHandler handler, int maxRecords = int.MaxValue);
}

/// <summary>Receives one ring-buffer record; the span is valid only during the call.</summary>
public delegate void RingRecordHandler(ReadOnlySpan<byte> record);
