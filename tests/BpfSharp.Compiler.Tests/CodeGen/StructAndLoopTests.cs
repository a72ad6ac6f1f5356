using System.Buffers.Binary;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class StructAndLoopTests
{
    private const string LayoutProgram = """
        using BpfSharp;
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Explicit, Size = 16)]
        public struct Explicit { [FieldOffset(0)] public uint Low; [FieldOffset(4)] public ushort Middle; [FieldOffset(8)] public ulong High; }

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public unsafe struct Packed { public byte Tag; public uint Value; public fixed byte Mac[6]; public ushort Port; }

        public struct Nested { public byte First; public Explicit Inner; public long Last; }

        public struct Record { public Nested N; public Packed P; }

        public static unsafe class Layouts
        {
            [Map] public static readonly ArrayMap<Record> Out = new(1);

            [Xdp]
            public static XdpAction Fill(XdpContext ctx)
            {
                Record r = default;
                r.N.First = 0x11;
                r.N.Inner.Low = 0x22222222;
                r.N.Inner.Middle = 0x3333;
                r.N.Inner.High = 0x4444444444444444;
                r.N.Last = -2;
                ref Packed p = ref r.P;
                p.Tag = 0x55;
                p.Value = 0x66666666;
                for (int i = 0; i < 6; i++) p.Mac[i] = (byte)(0xA0 + i);
                p.Port = 0x7777;
                Out.Update(0, r);
                return XdpAction.Pass;
            }
        }
        """;

    [KernelFact]
    public void Explicit_packed_nested_and_fixed_buffer_fields_land_at_the_offsets_the_clr_uses()
    {
        using var loaded = KernelPrograms.CompileAndLoad(LayoutProgram);
        Assert.Equal((uint)XdpAction.Pass, loaded.Program("Fill").TestRun(KernelPrograms.UdpFrame(1, [])).ReturnValue);

        var map = loaded.Map("Out");
        Assert.Equal(48, map.ValueSize);
        var value = new byte[map.ValueSize];
        Assert.True(map.TryLookup(BitConverter.GetBytes(0u), value));
        Assert.Equal(0x11, value[0]);
        Assert.Equal(0x22222222u, BinaryPrimitives.ReadUInt32LittleEndian(value.AsSpan(8)));
        Assert.Equal(0x3333, BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(12)));
        Assert.Equal(0x4444444444444444ul, BinaryPrimitives.ReadUInt64LittleEndian(value.AsSpan(16)));
        Assert.Equal(-2L, BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(24)));
        Assert.Equal(0x55, value[32]);
        Assert.Equal(0x66666666u, BinaryPrimitives.ReadUInt32LittleEndian(value.AsSpan(33)));
        Assert.Equal(new byte[] { 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5 }, value[37..43]);
        Assert.Equal(0x7777, BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(43)));
    }

    private const string LoopProgram = """
        using BpfSharp;

        public static unsafe class Loops
        {
            [Map] public static readonly ArrayMap<ulong> Sums = new(4);

            [Xdp]
            public static XdpAction Sum(XdpContext ctx)
            {
                ulong sum = 0;
                uint count = 0;
                for (uint i = 0; i < 32; i++)
                {
                    byte* b = ctx.Header<byte>(42 + i);
                    if (b == null) break;
                    if (*b == 0) continue;
                    sum += *b;
                    count++;
                }
                uint n = 0;
                ulong steps = 0;
                while (n < 100 && steps < 1000) { n += 7; steps++; }
                ulong* scratch = stackalloc ulong[4];
                for (int j = 0; j < 4; j++) scratch[j] += (ulong)j;
                ulong words = scratch[3] - 3;
                uint* w = (uint*)ctx.Header<Words>(42);
                if (w != null)
                {
                    words += w[0];
                    uint* cursor = w;
                    cursor += 2;
                    cursor -= 1;
                    words += *cursor;
                }
                Sums.Update(0, sum);
                Sums.Update(1, count);
                Sums.Update(2, steps);
                Sums.Update(3, words);
                return XdpAction.Pass;
            }
        }

        public struct Words { public uint A; public uint B; }
        """;

    [KernelFact]
    public void Bounded_loops_with_break_continue_and_pointer_indexing_compute_what_csharp_computes()
    {
        using var loaded = KernelPrograms.CompileAndLoad(LoopProgram);
        byte[] payload = [1, 0, 2, 0, 3, 0, 0, 0, 250];
        var result = loaded.Program("Sum").TestRun(KernelPrograms.UdpFrame(1, payload));

        Assert.Equal((uint)XdpAction.Pass, result.ReturnValue);
        var sums = loaded.Map("Sums");
        Assert.True(sums.TryLookup<uint, ulong>(0u, out var sum));
        Assert.Equal(256UL, sum);
        Assert.True(sums.TryLookup<uint, ulong>(1u, out var count));
        Assert.Equal(4UL, count);
        Assert.True(sums.TryLookup<uint, ulong>(2u, out var steps));
        Assert.Equal(15UL, steps);
        Assert.True(sums.TryLookup<uint, ulong>(3u, out var words));
        Assert.Equal((ulong)BitConverter.ToUInt32(payload, 0) + BitConverter.ToUInt32(payload, 4), words);
    }
}
