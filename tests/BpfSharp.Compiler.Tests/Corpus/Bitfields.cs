using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Bitfield extraction and insertion with shifts and masks, as header parsers do (IPv4 version/IHL, flags, fragment offset).</summary>
public static unsafe class Bitfields
{
    [Xdp]
    public static XdpAction Fields(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 40 > ctx.DataEnd) return XdpAction.Aborted;
        uint word = (uint)data[16] << 24 | (uint)data[17] << 16 | (uint)data[18] << 8 | data[19];
        uint version = word >> 28;
        uint headerWords = (word >> 24) & 0xF;
        uint flags = (word >> 13) & 0x7;
        uint offset = word & 0x1FFF;
        int signedField = (int)(word << 4) >> 20;
        uint rebuilt = (version << 28) | ((headerWords ^ 0xF) << 24) | (flags << 13) | (offset >> 1);
        data[24] = (byte)(rebuilt >> 24);
        data[25] = (byte)(rebuilt >> 16);
        data[26] = (byte)(rebuilt >> 8);
        data[27] = (byte)rebuilt;
        *(int*)(data + 28) = signedField;
        ulong mask = (1UL << (int)(headerWords + 30)) - 1;
        *(ulong*)(data + 32) = mask & ~(ulong)offset;
        bool fragment = (flags & 1) != 0 || offset != 0;
        return fragment ? XdpAction.Pass : XdpAction.Tx;
    }
}
