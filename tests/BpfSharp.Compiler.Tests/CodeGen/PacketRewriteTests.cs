using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class PacketRewriteTests
{
    private const string XdpProgram = """
        using BpfSharp;
        using BpfSharp.Net;

        public struct Note { public uint Length; public ushort Port; public ushort Marker; }

        public static unsafe class Rewrite
        {
            [Map] public static readonly RingBuffer Notes = new(4096);
            [Map] public static readonly HashMap<ushort, uint> Ports = new(8);

            [Xdp]
            public static XdpAction Trim(XdpContext ctx)
            {
                UdpHeader* udp = ctx.Header<UdpHeader>(34);
                if (udp == null) return XdpAction.Aborted;
                ushort port = ByteOrder.ToHost(udp->DestinationPortBE);
                Note note = new() { Length = ByteOrder.ToHost(udp->LengthBE), Port = port, Marker = 0xBEEF };
                if (Notes.Output(&note, (ulong)sizeof(Note)) != 0) return XdpAction.Aborted;
                if (Ports.Lookup(port) != null) { Ports.Delete(port); return XdpAction.Drop; }
                if (ctx.AdjustTail(-2) != 0) return XdpAction.Aborted;
                byte marker = 0x7E;
                if (ctx.StoreBytes(14 + 20 + 8, &marker, 1) != 0) return XdpAction.Aborted;
                return port == 1 ? ctx.Redirect(0x7fffffff) : XdpAction.Tx;
            }
        }
        """;

    [KernelFact]
    public void Xdp_output_to_a_ring_buffer_hash_delete_adjust_tail_and_store_bytes_change_what_the_kernel_sees()
    {
        using var loaded = KernelPrograms.CompileAndLoad(XdpProgram);
        var program = loaded.Program("Trim");
        var records = new List<byte[]>();
        using var ring = new BpfRingBuffer(loaded.Map("Notes"), record => records.Add(record.ToArray()));
        loaded.Map("Ports").Update<ushort, uint>(4000, 1);

        var frame = KernelPrograms.UdpFrame(5000, [1, 2, 3, 4, 5, 6]);
        var rewritten = program.TestRun(frame);
        Assert.Equal((uint)XdpAction.Drop, program.TestRun(KernelPrograms.UdpFrame(4000, [9])).ReturnValue);
        Assert.Equal((uint)XdpAction.Tx, rewritten.ReturnValue);
        Assert.Equal((uint)XdpAction.Redirect, program.TestRun(KernelPrograms.UdpFrame(1, [7, 7, 7])).ReturnValue);
        Assert.Equal(frame.Length - 2, rewritten.DataOut.Length);
        Assert.Equal(0x7E, rewritten.DataOut[42]);
        Assert.Equal(frame[43..^2], rewritten.DataOut[43..]);
        Assert.False(loaded.Map("Ports").TryLookup<ushort, uint>(4000, out _));

        ring.Consume();
        Assert.Equal(3, records.Count);
        Assert.Equal(14u, BitConverter.ToUInt32(records[0], 0));
        Assert.Equal(5000, BitConverter.ToUInt16(records[0], 4));
        Assert.Equal(0xBEEF, BitConverter.ToUInt16(records[0], 6));
        Assert.Equal(4000, BitConverter.ToUInt16(records[1], 4));
    }

    private const string TcProgram = """
        using BpfSharp;
        using BpfSharp.Net;

        public static unsafe class Fanout
        {
            [Map] public static readonly ArrayMap<long> Results = new(4);

            [Tc]
            public static TcAction Copy(TcContext ctx)
            {
                UdpHeader* udp = ctx.Header<UdpHeader>(34);
                if (udp == null) return TcAction.Shot;
                ushort port = 0x3412;
                Results.Update(0, ctx.StoreBytes(36, &port, 2));
                Results.Update(1, ctx.CloneRedirect(0x7fffffff));
                Results.Update(2, ctx.Ifindex);
                udp = ctx.Header<UdpHeader>(34);
                if (udp == null) return TcAction.Shot;
                return udp->DestinationPortBE == 0x3412 ? ctx.Redirect(0x7fffffff) : TcAction.Ok;
            }
        }
        """;

    [KernelFact]
    public void Tc_store_bytes_clone_redirect_and_redirect_reach_their_helpers()
    {
        using var loaded = KernelPrograms.CompileAndLoad(TcProgram);
        var result = loaded.Program("Copy").TestRun(KernelPrograms.UdpFrame(80, [1, 2]));

        Assert.Equal((uint)TcAction.Redirect, result.ReturnValue);
        Assert.Equal(0x12, result.DataOut[36]);
        Assert.Equal(0x34, result.DataOut[37]);
        var results = loaded.Map("Results");
        Assert.True(results.TryLookup<uint, long>(0u, out var store));
        Assert.Equal(0, store);
        Assert.True(results.TryLookup<uint, long>(1u, out var clone));
        Assert.True(clone < 0, $"cloning to a missing interface fails, got {clone}");
    }
}
