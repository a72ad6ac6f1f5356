using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

/// <summary>Control flow and operators through pointers, computed by the kernel from packet input and compared with C#.</summary>
public class ControlFlowTests
{
    private const string Shared = """
        [System.Flags]
        public enum Flags : ushort { None = 0, A = 1, B = 2, C = 4 }

        public struct State { public uint Count; public bool Seen; public Flags Flags; public char Letter; public nint Wide; }

        public static class Logic
        {
            public const int Limit = 5;

            public static ulong Evaluate(State* s, int x, int y)
            {
                ulong result = 0;
                bool both = x > 0 && y > 0;
                bool either = x > 0 || y > 0;
                if (!both && either) result |= 1;
                int i = 0;
                do { i += 2; } while (i < Limit);
                result += (ulong)i << 8;
                ++s->Count;
                s->Count <<= 2;
                s->Count |= 1;
                s->Seen = x is > 3 and < 10 or -1;
                s->Flags = Flags.A | (y < 0 ? Flags.C : Flags.B);
                s->Flags &= ~Flags.A;
                s->Letter = (char)('a' + (x & 7));
                s->Wide = (nint)x * 3;
                switch (y)
                {
                    case 0:
                        result += 100;
                        break;
                    case 1:
                    case 2:
                        result += 200;
                        goto case 0;
                    default:
                        result += y < 0 ? 300u : 400u;
                        break;
                }
                result += (ulong)sizeof(State) << 16;
                result += x switch { < 0 => 1ul << 24, 0 => 2ul << 24, _ => 3ul << 24 };
                result += Dense((uint)x & 7) << 32;
                return result;
            }

            private static ulong Dense(uint k) => k switch
            {
                0 => 17, 1 => 4, 2 => 99, 3 => 1000, 4 => 5, 5 => 12345, 6 => 77, 7 => 3, _ => 0,
            };
        }
        """;

    private static readonly string KernelProgram = """
        using BpfSharp;

        public static unsafe class Flow
        {
            [Map] public static readonly ArrayMap<State> States = new(1);
            [Map] public static readonly ArrayMap<ulong> Results = new(1);

            [Xdp]
            public static XdpAction Run(XdpContext ctx)
            {
                Pair* input = ctx.Header<Pair>(42);
                State* state = States.Lookup(0);
                if (input == null || state == null) return XdpAction.Aborted;
                Results.Update(0, Logic.Evaluate(state, input->X, input->Y));
                return XdpAction.Pass;
            }
        }

        public struct Pair { public int X; public int Y; }

        """ + Shared.Replace("public static class Logic", "public static unsafe class Logic");

    [KernelTheory]
    [InlineData(5, 0)]
    [InlineData(-1, 2)]
    [InlineData(0, -7)]
    [InlineData(12, 9)]
    public void Short_circuits_loops_switches_patterns_and_pointer_updates_match_csharp(int x, int y)
    {
        using var loaded = KernelPrograms.CompileAndLoad(KernelProgram);
        var payload = new byte[8];
        BitConverter.TryWriteBytes(payload.AsSpan(0), x);
        BitConverter.TryWriteBytes(payload.AsSpan(4), y);
        Assert.Equal((uint)XdpAction.Pass, loaded.Program("Run").TestRun(KernelPrograms.UdpFrame(1, payload)).ReturnValue);

        var expectedState = new Reference.State();
        var expected = Reference.Evaluate(ref expectedState, x, y);
        Assert.True(loaded.Map("Results").TryLookup<uint, ulong>(0u, out var actual));
        Assert.Equal(expected, actual);
        Assert.True(loaded.Map("States").TryLookup<uint, Reference.State>(0u, out var state));
        Assert.Equal(expectedState, state);
    }

    /// <summary>The same logic run by .NET (the shared source cannot be compiled into this assembly as is: it uses pointers to a local type).</summary>
    private static class Reference
    {
        public const int Limit = 5;

        [Flags]
        public enum Flags : ushort { None = 0, A = 1, B = 2, C = 4 }

        public record struct State(uint Count, bool Seen, Flags Flags, char Letter, nint Wide);

        public static unsafe ulong Evaluate(ref State s, int x, int y)
        {
            ulong result = 0;
            bool both = x > 0 && y > 0;
            bool either = x > 0 || y > 0;
            if (!both && either) result |= 1;
            int i = 0;
            do { i += 2; } while (i < Limit);
            result += (ulong)i << 8;
            ++s.Count;
            s.Count <<= 2;
            s.Count |= 1;
            s.Seen = x is > 3 and < 10 or -1;
            s.Flags = Flags.A | (y < 0 ? Flags.C : Flags.B);
            s.Flags &= ~Flags.A;
            s.Letter = (char)('a' + (x & 7));
            s.Wide = (nint)x * 3;
            switch (y)
            {
                case 0:
                    result += 100;
                    break;
                case 1:
                case 2:
                    result += 200;
                    goto case 0;
                default:
                    result += y < 0 ? 300u : 400u;
                    break;
            }
            result += (ulong)sizeof(State) << 16;
            result += x switch { < 0 => 1ul << 24, 0 => 2ul << 24, _ => 3ul << 24 };
            result += Dense((uint)x & 7) << 32;
            return result;
        }

        private static ulong Dense(uint k) => k switch
        {
            0 => 17, 1 => 4, 2 => 99, 3 => 1000, 4 => 5, 5 => 12345, 6 => 77, 7 => 3, _ => 0,
        };
    }
}
