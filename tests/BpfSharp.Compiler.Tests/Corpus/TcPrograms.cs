using BpfSharp;
using BpfSharp.Net;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>TC classifiers: context fields, checked headers, load/store bytes, clone-redirect, redirect and tail calls.</summary>
public static unsafe class TcPrograms
{
    [Map] public static readonly ProgramArray Stages = new(2);

    [Tc]
    public static TcAction FirstStage(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 16 > ctx.DataEnd) return TcAction.Shot;
        data[15] = 0x11;
        Stages.TailCall(ctx, data[14] & 1u);
        return TcAction.Ok;
    }

    [Tc]
    public static TcAction SecondStage(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 16 > ctx.DataEnd) return TcAction.Shot;
        data[15] += 0x22;
        return TcAction.Pipe;
    }

    [Tc]
    public static TcAction Classify(TcContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null) return TcAction.Shot;
        uint length = ctx.Length;
        eth->Destination[0] = (byte)length;
        eth->Destination[1] = (byte)ctx.Mark;
        eth->Destination[2] = (byte)ctx.Ifindex;
        ushort type = ByteOrder.ToHost(eth->EtherTypeBE);
        if (type == EtherType.Ipv4) return TcAction.Ok;
        return length > 60 ? TcAction.Pipe : TcAction.Unspec;
    }

    [Tc]
    public static TcAction Rewrite(TcContext ctx)
    {
        uint word = 0;
        if (ctx.LoadBytes(14, &word, 4) != 0) return TcAction.Shot;
        word ^= 0xA5A5A5A5;
        if (ctx.StoreBytes(18, &word, 4) != 0) return TcAction.Shot;
        int cloned = ctx.CloneRedirect(54321);
        byte* data = ctx.Data;
        if (data + 23 > ctx.DataEnd) return TcAction.Shot;
        data[22] = (byte)(-cloned);
        return (word & 1) == 0 ? TcAction.Ok : ctx.Redirect(54321);
    }
}
