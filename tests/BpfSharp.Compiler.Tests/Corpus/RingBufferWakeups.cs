using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>What a producer saw of its ring buffer when it wrote the record (no padding: the kernel does not zero a reservation).</summary>
public struct OccupancyRecord
{
    public ulong AvailableData;
    public ulong RingSize;
    public ulong Unknown;
    public ulong Wakeup;
}

/// <summary>
/// Ring buffers with chosen wake-ups: the first byte picks how the record is submitted, the second how a copy is
/// output (values above 3 carry an unknown flag bit, which output refuses), and each record carries the occupancy the
/// program queried after reserving it.
/// </summary>
public static unsafe class RingBufferWakeups
{
    [Map] public static readonly RingBuffer Occupancy = new(8192);

    [Xdp]
    public static XdpAction Record(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 2 > ctx.DataEnd) return XdpAction.Aborted;
        var submitWakeup = (RingBufferWakeup)(data[0] % 3);
        var outputWakeup = (RingBufferWakeup)(data[1] & 7);

        OccupancyRecord* record = Occupancy.Reserve<OccupancyRecord>();
        if (record == null) return XdpAction.Drop;
        record->AvailableData = Occupancy.Query(RingBufferQuery.AvailableData);
        record->RingSize = Occupancy.Query(RingBufferQuery.RingSize);
        record->Unknown = Occupancy.Query((RingBufferQuery)9);
        record->Wakeup = (ulong)submitWakeup;
        if (submitWakeup == RingBufferWakeup.Always && (data[0] & 8) != 0)
        {
            Occupancy.Discard(record, submitWakeup);
            return XdpAction.Pass;
        }
        Occupancy.Submit(record, submitWakeup);

        ulong copy = Occupancy.Query(RingBufferQuery.AvailableData);
        int written = Occupancy.Output(&copy, sizeof(ulong), outputWakeup);
        return written == 0 ? XdpAction.Tx : written == -Errno.EINVAL ? XdpAction.Drop : XdpAction.Aborted;
    }
}
