using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Widening (sign and zero extension) and narrowing (truncation) conversions between every integer width.</summary>
public static unsafe class Conversions
{
    [Xdp]
    public static XdpAction Convert(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 96 > ctx.DataEnd) return XdpAction.Aborted;
        sbyte s8 = (sbyte)data[16];
        short s16 = *(short*)(data + 18);
        int s32 = *(int*)(data + 20);
        long s64 = *(long*)(data + 24);
        byte u8 = data[17];

        long* wide = (long*)(data + 32);
        wide[0] = s8;
        wide[1] = s16;
        wide[2] = s32;
        wide[3] = (long)(ulong)(uint)s32;
        wide[4] = u8;
        wide[5] = (long)(ushort)s16;
        int* narrow = (int*)(data + 80);
        narrow[0] = (int)s64;
        narrow[1] = (short)s64;
        narrow[2] = (sbyte)s32;
        narrow[3] = (byte)s16 + (ushort)s32;
        return s8 < 0 == s64 < 0 ? XdpAction.Pass : XdpAction.Drop;
    }
}
