using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A ring-buffer record: a sequence number and the first 16 bytes of the frame.</summary>
public unsafe struct FrameRecord
{
    public uint Sequence;
    public uint Length;
    public fixed byte Head[16];
}

/// <summary>Ring buffers: reserve, fill and submit; reserve and discard; output a copy.</summary>
public static unsafe class RingBuffers
{
    [Map] public static readonly RingBuffer Frames = new(4096);
    [Map] public static readonly ArrayMap<uint> Sequence = new(1);

    [Xdp]
    public static XdpAction Capture(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 16 > ctx.DataEnd) return XdpAction.Aborted;
        uint* sequence = Sequence.Lookup(0);
        if (sequence == null) return XdpAction.Aborted;
        *sequence += 1;

        FrameRecord* record = Frames.Reserve<FrameRecord>();
        if (record == null) return XdpAction.Drop;
        record->Sequence = *sequence;
        record->Length = data[0];
        for (int i = 0; i < 16; i++) record->Head[i] = data[i];
        if ((data[0] & 1) == 1)
        {
            Frames.Discard(record);
            return XdpAction.Pass;
        }

        Frames.Submit(record);
        ulong copy = *(ulong*)data;
        return Frames.Output(&copy, 8) == 0 ? XdpAction.Tx : XdpAction.Drop;
    }
}
