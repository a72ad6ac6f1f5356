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
}
