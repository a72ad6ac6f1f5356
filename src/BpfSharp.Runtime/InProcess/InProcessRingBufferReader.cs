namespace BpfSharp.InProcess;

/// <summary>Reads one ring buffer of an <see cref="InProcessKernel"/>; see <see cref="InProcessKernel.RingBufferReader"/>.</summary>
internal sealed class InProcessRingBufferReader(InProcessKernel kernel, RingBuffer ring) : IRingBufferReader
{
    public RingBuffer Ring { get; } = ring;

    public bool TryRead(out byte[] record) => kernel.TryConsume(Ring, out record);

    public int Drain(RingRecordHandler handler, int maxRecords = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(handler);
        int read = 0;
        while (read < maxRecords && kernel.TryConsume(Ring, out byte[] record))
        {
            read++;
            handler(record);
        }
        return read;
    }

    public void Dispose()
    {
    }
}
