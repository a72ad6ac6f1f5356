namespace BpfSharp.InProcess;

/// <summary>A record a program submitted to a ring buffer (<c>bpf_ringbuf_submit</c> or <c>bpf_ringbuf_output</c>).</summary>
/// <param name="Ring">The ring buffer it went to.</param>
/// <param name="Bytes">A copy of the record as submitted.</param>
public sealed record RingRecord(RingBuffer Ring, byte[] Bytes);
