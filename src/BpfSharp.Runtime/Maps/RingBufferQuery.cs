namespace BpfSharp;

/// <summary>What <see cref="RingBuffer.Query"/> reads (<c>BPF_RB_AVAIL_DATA</c> and the others of <c>bpf_ringbuf_query</c>).</summary>
public enum RingBufferQuery : ulong
{
    /// <summary><c>BPF_RB_AVAIL_DATA</c>: bytes the consumer has not read yet, headers and reserved records included.</summary>
    AvailableData = 0,

    /// <summary><c>BPF_RB_RING_SIZE</c>: the buffer's size in bytes.</summary>
    RingSize = 1,

    /// <summary><c>BPF_RB_CONS_POS</c>: the consumer's position (bytes read since creation).</summary>
    ConsumerPosition = 2,

    /// <summary><c>BPF_RB_PROD_POS</c>: the producer's position (bytes reserved since creation).</summary>
    ProducerPosition = 3,
}
