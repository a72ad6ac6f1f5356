using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>An array map of counters indexed by the first payload byte, and a second array of structs updated in place.</summary>
public static unsafe class ArrayMaps
{
    [Map] public static readonly ArrayMap<ulong> Counters = new(8);
    [Map] public static readonly ArrayMap<Totals> Sizes = new(2);

    [Xdp]
    public static XdpAction Count(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 15 > ctx.DataEnd) return XdpAction.Aborted;
        uint index = data[14];
        ulong* counter = Counters.Lookup(index);
        if (counter == null) return XdpAction.Drop;
        *counter += 1;
        uint size = 64u + data[14] * 3u;
        Totals* totals = Sizes.Lookup(index & 1);
        if (totals != null)
        {
            totals->Packets++;
            totals->Bytes += size;
            if (totals->Largest < size) totals->Largest = size;
        }

        Totals replacement = default;
        replacement.Packets = 1000;
        if (index == 7) return Sizes.Update(0, replacement) == 0 ? XdpAction.Tx : XdpAction.Aborted;
        return Counters.Update(index, *counter, UpdateFlags.NoExist) == -Errno.EEXIST ? XdpAction.Pass : XdpAction.Aborted;
    }
}

/// <summary>Per-slot packet statistics.</summary>
public struct Totals
{
    public ulong Packets;
    public ulong Bytes;
    public uint Largest;
}
