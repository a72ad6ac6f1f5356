using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class CallsAndStructsTests
{
    private const string Program = """
        using BpfSharp;
        using BpfSharp.Net;
        using System.Runtime.InteropServices;

        public enum Kind : byte { None = 0, Small = 1, Large = 2 }

        [StructLayout(LayoutKind.Sequential)]
        public struct Point
        {
            public int X;
            public int Y;
            public Point(int x, int y) { X = x; Y = y; }
            public readonly int Sum => X + Y;
            public void Scale(int factor) { X *= factor; Y *= factor; }
            public int Both { set { X = value; Y = value + 1; } }
        }

        public struct Pair
        {
            public Point A;
            public Point B;
            public Kind Kind;
            [System.Diagnostics.CodeAnalysis.UnscopedRef]
            public ref int this[int corner] => ref corner == 0 ? ref A.X : ref B.X;
        }

        public static unsafe class Calls
        {
            [Map] public static readonly ArrayMap<long> Out = new(16);
            public static ulong Runs;

            [Xdp]
            public static XdpAction Run(XdpContext ctx)
            {
                UdpHeader* udp = ctx.Header<UdpHeader>(34);
                if (udp == null) return XdpAction.Aborted;
                int port = ByteOrder.ToHost(udp->DestinationPortBE);
                Pair pair = Make(port);
                pair.B.Scale(3);
                Swap(ref pair.A, ref pair.B);
                Split(port, out int high, out int low);
                ref Point chosen = ref Choose(ref pair, port > 100);
                chosen.X += 1000;
                Point copy = pair.A;
                copy.Y = -1;
                Runs++;
                Put(0, pair.A.X);
                Put(1, pair.A.Y);
                Put(2, pair.B.Sum);
                Put(3, high);
                Put(4, low);
                Put(5, (long)pair.Kind);
                Put(6, Describe(pair.Kind));
                Put(7, copy.Y + pair.A.Y);
                Put(8, (long)Runs);
                Put(9, port > 10 && port < 1000 || port == 5 ? 1 : 0);
                int before = port;
                Put(10, before + (Bump(ref before) ? 10 : 20) + before);
                Put(11, Choose(ref pair, false).Y + pair[1] * 100);
                pair[0] = 7;
                Put(12, pair.A.X);
                copy.Both = port;
                Put(13, copy.X * 10 + copy.Y);
                return pair.Kind == Kind.Large ? XdpAction.Drop : XdpAction.Pass;
            }

            private static Pair Make(int port) => new()
            {
                A = new Point(port, port + 1),
                B = new Point { X = 2, Y = 3 },
                Kind = port > 1000 ? Kind.Large : port > 0 ? Kind.Small : Kind.None,
            };

            private static ref Point Choose(ref Pair pair, bool first)
            {
                if (first) return ref pair.A;
                return ref pair.B;
            }

            private static bool Bump(ref int value) { value += 1000; return value > 1500; }

            private static void Swap(ref Point a, ref Point b) { Point t = a; a = b; b = t; }

            private static void Split(int value, out int high, out int low) { high = value >> 8; low = value & 0xff; }

            private static long Describe(Kind kind) => kind switch
            {
                Kind.None => 10,
                Kind.Small => 20,
                _ => 30,
            };

            private static void Put(uint index, long value) => Out.Update(index, value);
        }
        """;

    [KernelTheory]
    [InlineData(50)]
    [InlineData(4660)]
    public void Struct_values_ref_out_parameters_constructors_properties_and_switch_expressions_behave_as_in_csharp(int port)
    {
        using var loaded = KernelPrograms.CompileAndLoad(Program);
        var program = loaded.Program("Run");
        var result = program.TestRun(KernelPrograms.UdpFrame((ushort)port, []));

        var kind = port > 1000 ? 2 : 1;
        Assert.Equal(kind == 2 ? (uint)XdpAction.Drop : (uint)XdpAction.Pass, result.ReturnValue);
        // After Make: A = (port, port + 1), B = (2, 3); B scaled by 3 = (6, 9); swapped: A = (6, 9), B = (port, port + 1).
        var a = (X: 6L, Y: 9L);
        var b = (X: (long)port, Y: port + 1L);
        if (port > 100) a.X += 1000; else b.X += 1000;
        long[] expected = [a.X, a.Y, b.X + b.Y, port >> 8, port & 0xff, kind, kind == 2 ? 30 : 20, -1 + a.Y, 1, port > 10 && port < 1000 || port == 5 ? 1 : 0, port + (port + 1000 > 1500 ? 10 : 20) + port + 1000, b.Y + b.X * 100, 7, port * 10L + port + 1];
        var map = loaded.Map("Out");
        for (var i = 0u; i < expected.Length; i++)
        {
            Assert.True(map.TryLookup<uint, long>(i, out var actual));
            Assert.True(expected[i] == actual, $"slot {i}: expected {expected[i]}, kernel computed {actual}");
        }
    }
}
