using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

/// <summary>
/// C# integer semantics in the kernel: the program reads its operands from the packet (so LLVM cannot fold them) and
/// writes each result to a map slot, which the test compares with what C# computes.
/// </summary>
public class IntegerSemanticsTests
{
    private const string Program = """
        using BpfSharp;
        using System.Numerics;
        using System.Buffers.Binary;
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public struct Operands { public int A; public int B; public uint U; public uint V; public byte Small; public sbyte Signed; public long Wide; }

        public static unsafe class Semantics
        {
            [Map] public static readonly ArrayMap<ulong> Results = new(32);

            [Xdp]
            public static XdpAction Compute(XdpContext ctx)
            {
                Operands* o = ctx.Header<Operands>(42);
                if (o == null) return XdpAction.Aborted;
                int a = o->A, b = o->B;
                uint u = o->U, v = o->V;
                Put(0, (ulong)(long)(a << b));
                Put(1, (ulong)(u >> b));
                Put(2, (ulong)(o->Wide << b));
                Put(3, (ulong)(long)(a >> 3));
                Put(4, (ulong)(long)(a / 4));
                Put(5, (ulong)(long)(a % 8));
                Put(6, u / v);
                Put(7, u % v);
                Put(8, (ulong)(long)a);
                Put(9, (ulong)(uint)a);
                Put(10, (byte)(o->Small + 200));
                Put(11, (ulong)(long)o->Signed);
                Put(12, a < b ? 1ul : 0ul);
                Put(13, u < v ? 1ul : 0ul);
                Put(14, (ulong)(long)(a * b));
                Put(15, (ulong)BitOperations.PopCount(u));
                Put(16, BinaryPrimitives.ReverseEndianness(u));
                Put(17, (ulong)(long)unchecked(a - b));
                Put(18, (ulong)(long)(~a));
                Put(19, (ulong)(-o->Wide));
                Put(20, (ulong)(long)(short)a);
                Put(21, (ulong)(u >>> 1) ^ (ulong)(a >>> 1));
                Put(22, u / 0x10u + u % 0x10u);
                Put(23, Classify(a));
                Put(24, BitOperations.RotateLeft(u, b));
                Put(25, (ulong)(long)(a / b));
                Put(26, (ulong)(long)(a % b));
                Put(27, u / 10u + u % 7u);
                Put(28, (ulong)(long)(a / -4));
                Put(29, (ulong)(o->Wide / (long)b));
                return XdpAction.Pass;
            }

            private static void Put(uint index, ulong value) => Results.Update(index, value);

            private static ulong Classify(int a)
            {
                switch (a)
                {
                    case < 0: return 1;
                    case 0: return 2;
                    case 1 or 2 or 3: return 3;
                    default: return a > 1000 ? 5ul : 4ul;
                }
            }
        }
        """;

    // Where C# throws (a zero divisor, MinValue / -1) the kernel gives BPF's results: x / 0 == 0, x % 0 == x, MinValue / -1 == MinValue.
    private static long Divide(long x, long y) => y == 0 ? 0 : y == -1 ? unchecked(-x) : x / y;

    private static int Divide(int x, int y) => y == 0 ? 0 : y == -1 ? unchecked(-x) : x / y;

    private static int Remainder(int x, int y) => y == 0 ? x : y == -1 ? 0 : x % y;

    public static TheoryData<int, int, uint, uint, byte, sbyte, long> Cases => new()
    {
        { -7, 33, 0x8000_0001, 0, 100, -5, -3 },
        { 123456, 5, 77, 10, 255, 127, 1L << 40 },
        { 0, 0, 0, 7, 0, -128, long.MinValue },
        { int.MinValue, 63, uint.MaxValue, 3, 56, 1, -1 },
        { 2, 1, 5, 5, 57, 0, 12345 },
        { -100, -7, 99, 1, 1, -1, -99999 },
        { 77, -1, 1000000, 9, 9, 9, long.MinValue },
    };

    [KernelTheory]
    [MemberData(nameof(Cases))]
    public void Arithmetic_shifts_conversions_comparisons_and_division_match_csharp(int a, int b, uint u, uint v, byte small, sbyte signed, long wide)
    {
        using var loaded = KernelPrograms.CompileAndLoad(Program);
        AssertKernelMatches(loaded, a, b, u, v, small, signed, wide);
    }

    [KernelFact]
    public void Seeded_random_operands_give_the_results_csharp_gives()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Program);
        var random = new Random(20260318);
        for (var run = 0; run < 200; run++)
        {
            var a = random.Next(4) == 0 ? random.Next(-3, 3) : random.Next(int.MinValue, int.MaxValue);
            var b = random.Next(3) == 0 ? random.Next(-2, 70) : random.Next(int.MinValue, int.MaxValue);
            AssertKernelMatches(loaded, a, b, (uint)random.NextInt64(0, 1L << 32), (uint)random.Next(0, 5) * (uint)random.Next(),
                (byte)random.Next(256), (sbyte)random.Next(-128, 128), random.NextInt64(long.MinValue, long.MaxValue));
        }
    }

    private static void AssertKernelMatches(BpfSharp.Loader.LoadedBpfObject loaded, int a, int b, uint u, uint v, byte small, sbyte signed, long wide)
    {
        var payload = new byte[26];
        BitConverter.TryWriteBytes(payload.AsSpan(0), a);
        BitConverter.TryWriteBytes(payload.AsSpan(4), b);
        BitConverter.TryWriteBytes(payload.AsSpan(8), u);
        BitConverter.TryWriteBytes(payload.AsSpan(12), v);
        payload[16] = small;
        payload[17] = (byte)signed;
        BitConverter.TryWriteBytes(payload.AsSpan(18), wide);
        Assert.Equal((uint)XdpAction.Pass, loaded.Program("Compute").TestRun(KernelPrograms.UdpFrame(1, payload)).ReturnValue);

        // BPF defines x / 0 == 0 and x % 0 == x for unsigned operands, where C# would throw.
        ulong[] expected =
        [
            (ulong)(long)(a << b), (ulong)(u >> b), (ulong)(wide << b), (ulong)(long)(a >> 3), (ulong)(long)(a / 4),
            (ulong)(long)(a % 8), v == 0 ? 0 : u / v, v == 0 ? u : u % v, (ulong)(long)a, (ulong)(uint)a,
            (byte)(small + 200), (ulong)(long)signed, a < b ? 1ul : 0ul, u < v ? 1ul : 0ul, (ulong)(long)unchecked(a * b),
            (ulong)System.Numerics.BitOperations.PopCount(u), System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(u),
            (ulong)(long)unchecked(a - b), (ulong)(long)~a, unchecked((ulong)(-wide)), (ulong)(long)(short)a,
            (ulong)(u >>> 1) ^ (ulong)(a >>> 1), u / 0x10u + u % 0x10u,
            a < 0 ? 1ul : a == 0 ? 2ul : a is 1 or 2 or 3 ? 3ul : a > 1000 ? 5ul : 4ul,
            System.Numerics.BitOperations.RotateLeft(u, b),
            (ulong)(long)Divide(a, b), (ulong)(long)Remainder(a, b), u / 10u + u % 7u, (ulong)(long)(a / -4), (ulong)Divide(wide, b),
        ];
        var results = loaded.Map("Results");
        for (var i = 0u; i < expected.Length; i++)
        {
            Assert.True(results.TryLookup<uint, ulong>(i, out var actual));
            Assert.True(expected[i] == actual, $"result {i} for a={a} b={b} u={u} v={v} small={small} signed={signed} wide={wide}: expected {expected[i]:x}, kernel computed {actual:x}");
        }
    }
}
