namespace BpfSharp.Compiler.Tests.CodeGen;

public class BackEndRefusalTests
{
    [Fact]
    public void A_stack_frame_beyond_512_bytes_is_a_BPF9001_diagnostic_in_the_program_not_a_crash()
    {
        var source = """
            using BpfSharp;

            public unsafe struct Big { public fixed byte Bytes[600]; }

            public static unsafe class P
            {
                [Map] public static readonly ArrayMap<Big> Out = new(1);

                [Xdp]
                public static XdpAction Run(XdpContext ctx)
                {
                    Big big = default;
                    big.Bytes[ctx.RxQueueIndex % 600] = 1;
                    Out.Update(0, big);
                    return XdpAction.Pass;
                }
            }
            """;
        var result = CodeGenerator.Generate(TestPrograms.Model(source));

        Assert.False(result.Success);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("BPF9001", diagnostic.Id);
        Assert.Contains("stack", diagnostic.GetMessage(), StringComparison.OrdinalIgnoreCase);
        Assert.True(diagnostic.Location.IsInSource, diagnostic.ToString());
    }

    [Fact]
    public void LLVM_text_never_reaches_the_user_a_known_refusal_is_said_in_CSharp()
    {
        var raw = "Program.cs:12:5: in function caller i64 (): too many arguments\n0x556b2d3c9a10: i64 = GlobalAddress<ptr @six> 0";

        var described = BpfSharp.Compiler.Emit.BackEndRefusal.Describe(raw);

        Assert.Contains("more than five arguments", described);
        Assert.DoesNotContain("0x", described);
        Assert.DoesNotContain("GlobalAddress", described);
        Assert.DoesNotContain("i64", described);
    }

    [Fact]
    public void An_unknown_refusal_keeps_only_the_back_end_sentence()
    {
        var raw = "Program.cs:3:1: in function run i32 (ptr): unsupported widget 0x55d0aa: i64 = Constant<1>";

        var described = BpfSharp.Compiler.Emit.BackEndRefusal.Describe(raw);

        Assert.Contains("unsupported widget", described);
        Assert.DoesNotContain("0x55d0aa", described);
        Assert.DoesNotContain("i32 (ptr)", described);
    }

    [Fact]
    public void Deconstructing_a_call_result_is_BPF9001_in_CSharp_words_not_Roslyn_operation_kinds()
    {
        var source = """
            using BpfSharp;

            public struct Endpoints
            {
                public uint Source, Destination;
                public readonly void Deconstruct(out uint source, out uint destination) { source = Source; destination = Destination; }
            }

            public static class P
            {
                static Endpoints Pair(uint x) { Endpoints e = default; e.Source = x; e.Destination = x + 1; return e; }

                [Xdp]
                public static XdpAction Run(XdpContext ctx)
                {
                    uint a = 0, b = 0;
                    (a, b) = Pair(ctx.RxQueueIndex);
                    return a > b ? XdpAction.Drop : XdpAction.Pass;
                }
            }
            """;
        var result = CodeGenerator.Generate(TestPrograms.Model(source));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("BPF9001", diagnostic.Id);
        Assert.Contains("not a tuple literal", diagnostic.GetMessage());
        Assert.DoesNotContain("DeconstructionAssignment", diagnostic.GetMessage());
        Assert.Equal(17, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }
}
