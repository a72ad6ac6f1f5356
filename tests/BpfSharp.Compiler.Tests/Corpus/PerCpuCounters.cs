using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A per-CPU array of counters and of byte totals: no atomics needed.</summary>
public static unsafe class PerCpuCounters
{
    [Map] public static readonly PerCpuArrayMap<ulong> Packets = new(4);
    [Map] public static readonly PerCpuArrayMap<uint> Bytes = new(4);

    [Xdp]
    public static XdpAction Count(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 15 > ctx.DataEnd) return XdpAction.Aborted;
        uint slot = data[14] & 3u;
        ulong* packets = Packets.Lookup(slot);
        uint* bytes = Bytes.Lookup(slot);
        if (packets == null || bytes == null) return XdpAction.Aborted;
        *packets += 1;
        *bytes += data[14];
        return Packets.Update(slot + 4, *packets) == 0 ? XdpAction.Aborted : XdpAction.Pass;
    }
}
