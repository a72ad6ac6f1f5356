using System.Buffers.Binary;
using System.Numerics;
using BpfSharp;
using BpfSharp.Net;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Every XDP helper and intrinsic: time, CPU, checksums, byte order, bit operations, load/store bytes, adjust head/tail, redirect.</summary>
public static unsafe class XdpHelpers
{
    [Xdp]
    public static XdpAction TimeAndCpu(XdpContext ctx)
    {
        ulong first = Bpf.KtimeGetNs();
        ulong second = Bpf.KtimeGetNs();
        uint cpu = Bpf.GetSmpProcessorId();
        byte* data = ctx.Data;
        if (data + 24 > ctx.DataEnd) return XdpAction.Aborted;
        *(uint*)(data + 16) = ctx.IngressIfindex;
        *(uint*)(data + 20) = ctx.RxQueueIndex;
        return second >= first && cpu < 4096 ? XdpAction.Pass : XdpAction.Aborted;
    }

    [Xdp]
    public static XdpAction Intrinsics(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 48 > ctx.DataEnd) return XdpAction.Aborted;
        uint word = *(uint*)(data + 16);
        ushort half = *(ushort*)(data + 20);
        ulong wide = *(ulong*)(data + 24);
        *(uint*)(data + 32) = BinaryPrimitives.ReverseEndianness(word);
        *(ushort*)(data + 36) = ByteOrder.ToNetwork(half);
        *(uint*)(data + 38) = (uint)BitOperations.PopCount(word) | (uint)BitOperations.PopCount(wide) << 8;
        *(ulong*)(data + 40) = BinaryPrimitives.ReverseEndianness(wide);
        return XdpAction.Pass;
    }

    [Xdp]
    public static XdpAction BitCounts(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 64 > ctx.DataEnd) return XdpAction.Aborted;
        uint word = *(uint*)(data + 16);
        ulong wide = *(ulong*)(data + 24);
        int shift = data[14];
        data[32] = (byte)BitOperations.TrailingZeroCount(word);
        data[33] = (byte)BitOperations.TrailingZeroCount(wide);
        data[34] = (byte)BitOperations.LeadingZeroCount(word);
        data[35] = (byte)BitOperations.LeadingZeroCount(wide);
        data[36] = (byte)BitOperations.TrailingZeroCount((int)word);
        *(uint*)(data + 40) = BitOperations.RotateLeft(word, shift);
        *(uint*)(data + 44) = BitOperations.RotateRight(word, shift);
        *(ulong*)(data + 48) = BitOperations.RotateLeft(wide, shift);
        *(ulong*)(data + 56) = BitOperations.RotateRight(wide, shift);
        return XdpAction.Pass;
    }

    [Xdp]
    public static XdpAction Checksums(XdpContext ctx)
    {
        Ipv4Header* ip = ctx.Header<Ipv4Header>(14);
        if (ip == null) return XdpAction.Aborted;
        ip->ChecksumBE = 0;
        long sum = Checksum.Diff(null, 0, ip, 20, 0);
        if (sum < 0) return XdpAction.Aborted;
        ip->ChecksumBE = Checksum.Fold(sum);
        return XdpAction.Pass;
    }

    /// <summary>
    /// Sizes the helper refuses (-EINVAL), known at compile time or read from the packet, and valid ones. A valid sum is
    /// stored folded: the kernel's 32-bit partial sums are equal to the runtime's only modulo 0xffff.
    /// </summary>
    [Xdp]
    public static XdpAction ChecksumSizes(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 96 > ctx.DataEnd) return XdpAction.Aborted;
        uint size = (uint)data[14] & 0x1e;
        *(long*)(data + 16) = Folded(Checksum.Diff(null, 0, data + 64, 6, 0));
        *(long*)(data + 24) = Folded(Checksum.Diff(data + 64, 512, data + 64, 4, 0));
        *(long*)(data + 32) = Folded(Checksum.Diff(data + 64, 8, data + 72, 16, 7));
        *(long*)(data + 40) = Folded(Checksum.Diff(null, 0, data + 64, size, 1));
        return XdpAction.Pass;
    }

    private static long Folded(long sum) => sum < 0 ? sum : Checksum.Fold(sum);

    [Xdp]
    public static XdpAction CopyBytes(XdpContext ctx)
    {
        ulong buffer = 0;
        int loaded = ctx.LoadBytes(8, &buffer, 8);
        if (loaded != 0) return XdpAction.Drop;
        buffer = ~buffer;
        return ctx.StoreBytes(0, &buffer, 6) == 0 ? XdpAction.Pass : XdpAction.Aborted;
    }

    [Xdp]
    public static XdpAction GrowAndShrink(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 20 > ctx.DataEnd) return XdpAction.Aborted;
        byte mode = data[14];
        if (mode == 0)
        {
            if (ctx.AdjustHead(-4) != 0) return XdpAction.Aborted;
            data = ctx.Data;
            if (data + 4 > ctx.DataEnd) return XdpAction.Aborted;
            *(uint*)data = 0xCAFEF00D;
            return XdpAction.Tx;
        }

        if (mode == 1) return ctx.AdjustTail(-3) == 0 ? XdpAction.Pass : XdpAction.Aborted;
        if (mode == 2) return ctx.AdjustHead(2) == 0 ? XdpAction.Pass : XdpAction.Aborted;
        return ctx.Redirect(12345);
    }
}
