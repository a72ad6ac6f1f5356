using System;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>u8 string literals compared byte by byte, and 64-bit constants.</summary>
public static unsafe class Literals
{
    [Xdp]
    public static XdpAction Match(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 40 > ctx.DataEnd) return XdpAction.Aborted;
        ReadOnlySpan<byte> magic = "specpaxos"u8;
        int matched = 0;
        for (int i = 0; i < 9; i++)
        {
            if (data[14 + i] == magic[i]) matched++;
        }

        ulong wide = *(ulong*)(data + 24);
        *(ulong*)(data + 32) = (wide ^ 0xDEADBEEF_CAFEF00DUL) + 0x0123_4567_89AB_CDEFUL;
        data[23] = (byte)matched;
        return matched == magic.Length ? XdpAction.Tx : XdpAction.Pass;
    }
}
