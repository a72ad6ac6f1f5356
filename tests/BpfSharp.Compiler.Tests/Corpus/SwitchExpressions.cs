using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Switch expressions with constant, relational and combined patterns, ending in a discard arm.</summary>
public static unsafe class SwitchExpressions
{
    [Xdp]
    public static XdpAction Classify(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 20 > ctx.DataEnd) return XdpAction.Aborted;
        data[17] = data[15] switch
        {
            0 => 1,
            < 10 => 2,
            >= 10 and < 100 => 3,
            255 => 4,
            _ => 5,
        };
        return data[14] switch
        {
            1 => XdpAction.Drop,
            2 => XdpAction.Tx,
            _ => XdpAction.Pass,
        };
    }
}
