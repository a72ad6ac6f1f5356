using System.Buffers.Binary;
using System.Text.RegularExpressions;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class PacketAccessAlignmentTests
{
    private const string Odd = """
        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public struct Fields { public byte Pad; public uint Word; public ulong Wide; public ushort Half; }
        """;

    private const string Even = """
        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public struct Fields { public uint Word; public ushort Half; public ushort Pad; public ulong Wide; }
        """;

    private static string Program(string fields, string body) => $$"""
        using System.Runtime.InteropServices;
        using BpfSharp;

        {{fields}}

        public static unsafe class Fold
        {
            [Xdp]
            public static XdpAction Add(XdpContext ctx)
            {
                Fields* f = ctx.Header<Fields>(0);
                if (f == null) return XdpAction.Aborted;
                {{body}}
                return XdpAction.Tx;
            }
        }
        """;

    private const string ThroughPointer = "f->Wide += f->Word + f->Half; f->Half = (ushort)f->Word;";
    private const string ThroughStackCopy = "Fields copy = *f; copy.Wide += copy.Word + copy.Half; copy.Half = (ushort)copy.Word; *f = copy;";

    private static byte[] Frame() => [.. Enumerable.Range(0, 32).Select(i => (byte)(0x11 * (i % 15) + 3))];

    /// <summary>Runs the program on <see cref="Frame"/> and checks the fields of the odd layout against C# on the same bytes.</summary>
    private static void AssertOddLayoutRewritten(BpfSharp.Loader.LoadedBpfObject loaded)
    {
        var frame = Frame();
        var result = loaded.Program("Add").TestRun(frame);
        Assert.Equal((uint)XdpAction.Tx, result.ReturnValue);
        var word = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(1));
        var wide = BinaryPrimitives.ReadUInt64LittleEndian(frame.AsSpan(5));
        var half = BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(13));
        Assert.Equal(unchecked(wide + word + half), BinaryPrimitives.ReadUInt64LittleEndian(result.DataOut.AsSpan(5)));
        Assert.Equal((ushort)word, BinaryPrimitives.ReadUInt16LittleEndian(result.DataOut.AsSpan(13)));
        Assert.Equal(frame[..5], result.DataOut[..5]);
        Assert.Equal(frame[15..], result.DataOut[15..]);
    }

    [KernelFact]
    public void Packed_packet_fields_at_odd_offsets_are_read_and_written_with_one_instruction_each_like_aligned_ones()
    {
        using var odd = KernelPrograms.CompileAndLoad(Program(Odd, ThroughPointer));
        using var even = KernelPrograms.CompileAndLoad(Program(Even, ThroughPointer));

        AssertOddLayoutRewritten(odd);
        Assert.Equal(even.Program("Add").Statistics.TranslatedInstructions, odd.Program("Add").Statistics.TranslatedInstructions);
    }

    [Fact]
    public void The_same_packed_struct_is_accessed_at_natural_alignment_in_the_packet_and_at_exact_alignment_in_a_map_value()
    {
        const string source = $$"""
            using System.Runtime.InteropServices;
            using BpfSharp;

            {{Odd}}

            public static unsafe class Mirror
            {
                [Map] public static readonly ArrayMap<Fields> Saved = new(1);

                [Xdp]
                public static XdpAction Copy(XdpContext ctx)
                {
                    Fields* packet = ctx.Header<Fields>(0);
                    Fields* saved = Saved.Lookup(0);
                    if (packet == null || saved == null) return XdpAction.Aborted;
                    packet->Word = saved->Word + 1;
                    saved->Wide = packet->Wide;
                    return XdpAction.Tx;
                }
            }
            """;
        string? ir = null;
        var result = CodeGenerator.Generate(TestPrograms.Model(source), text => ir = text);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.Matches(new Regex(@"store i32 [^\n]*, align 4\b"), ir);
        Assert.Matches(new Regex(@"load i64, [^\n]*, align 8\b"), ir);
        Assert.Matches(new Regex(@"load i32, [^\n]*, align 1\b"), ir);
        Assert.Matches(new Regex(@"store i64 [^\n]*, align 1\b"), ir);
    }

    [KernelFact]
    public void A_packed_header_copied_to_the_stack_keeps_exact_alignment_there_and_the_verifier_accepts_it()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Program(Odd, ThroughStackCopy));

        AssertOddLayoutRewritten(loaded);
    }
}
