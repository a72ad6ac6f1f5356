using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>When a flow was last seen, and how often.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Sighting
{
    public ulong Count;
    public ulong LastSeenNs;
}

/// <summary>
/// Time-valued output: the frame gets the arrival time at offset 16 and the map the last time each first byte was seen,
/// from <c>bpf_ktime_get_ns</c>. The two sides read different clocks, so these fields are compared by the time rule.
/// </summary>
public static unsafe class Timestamps
{
    [Map] public static readonly ArrayMap<Sighting> Seen = new(4);

    [Xdp]
    public static XdpAction Stamp(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 24 > ctx.DataEnd) return XdpAction.Pass;
        ulong now = Bpf.KtimeGetNs();
        *(ulong*)(data + 16) = now;
        Sighting* sighting = Seen.Lookup(data[0] & 3u);
        if (sighting == null) return XdpAction.Aborted;
        sighting->Count += 1;
        sighting->LastSeenNs = now;
        return XdpAction.Tx;
    }
}
