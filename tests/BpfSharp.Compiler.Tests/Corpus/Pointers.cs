using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Raw pointer arithmetic with explicit bounds checks, ref locals into map values and the packet.</summary>
public static unsafe class Pointers
{
    [Map] public static readonly ArrayMap<ulong> Totals = new(1);

    [Xdp]
    public static XdpAction Walk(XdpContext ctx)
    {
        byte* cursor = ctx.Data + 14;
        byte* end = ctx.DataEnd;
        ulong total = 0;
        for (int i = 0; i < 16; i++)
        {
            if (cursor + 2 > end) break;
            total += *(ushort*)cursor;
            cursor += 2;
        }

        ulong* stored = Totals.Lookup(0);
        if (stored == null) return XdpAction.Aborted;
        ref ulong slot = ref *stored;
        slot += total;
        if (ctx.Data + 14 > end) return XdpAction.Aborted;
        ref byte first = ref *ctx.Data;
        first = (byte)total;
        return (long)(cursor - ctx.Data) > 30 ? XdpAction.Tx : XdpAction.Pass;
    }
}
