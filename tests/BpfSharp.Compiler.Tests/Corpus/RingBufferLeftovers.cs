using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A ring-buffer record of which the program writes a count and that many bytes, the rest left as reserved.</summary>
public unsafe struct PartRecord
{
    public uint Written;
    public fixed byte Bytes[60];
}

/// <summary>
/// Ring-buffer records written in part, as a variable-length copy into a fixed-size record writes them: the bytes past
/// the copy are whatever the reservation held (earlier records, once the small ring has wrapped).
/// </summary>
public static unsafe class RingBufferLeftovers
{
    [Map] public static readonly RingBuffer Parts = new(4096);

    [Xdp]
    public static XdpAction WritePart(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 16 > ctx.DataEnd) return XdpAction.Aborted;
        PartRecord* record = Parts.Reserve<PartRecord>();
        if (record == null) return XdpAction.Drop;
        uint count = data[0] & 15u;
        record->Written = count;
        for (int i = 0; i < 16; i++)
        {
            if (i >= count) break;
            record->Bytes[i] = data[i];
        }
        Parts.Submit(record);
        return XdpAction.Pass;
    }
}
