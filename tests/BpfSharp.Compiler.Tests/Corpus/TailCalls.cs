using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A dispatcher that tail-calls the program in the slot named by the first payload byte; falls through on an empty slot.</summary>
public static unsafe class TailCalls
{
    [Map] public static readonly ProgramArray Handlers = new(4);

    [Xdp]
    public static XdpAction Dispatch(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 15 > ctx.DataEnd) return XdpAction.Aborted;
        data[14] += 1;
        Handlers.TailCall(ctx, data[14] & 3u);
        return XdpAction.Pass;
    }

    [Xdp]
    public static XdpAction Dropper(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 15 > ctx.DataEnd) return XdpAction.Aborted;
        data[13] = 0xDD;
        return XdpAction.Drop;
    }

    [Xdp]
    public static XdpAction Bouncer(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 15 > ctx.DataEnd) return XdpAction.Aborted;
        data[12] = 0xBB;
        Handlers.TailCall(ctx, 1);
        return XdpAction.Tx;
    }
}
