namespace BpfSharp.InProcess;

/// <summary>
/// Writes into <paramref name="record"/> what a new reservation of <paramref name="ring"/> holds before the program writes
/// it. <paramref name="position"/> is the ring's producer position of the record's first byte (past its 8-byte header):
/// the kernel's <c>bpf_ringbuf_reserve</c> does not clear a record, which therefore holds the bytes last written at that
/// place of the ring (zero in a fresh ring; earlier records and their headers once the ring has wrapped).
/// </summary>
public delegate void RingReservationBytes(RingBuffer ring, ulong position, Span<byte> record);
