
namespace BpfSharp.Compiler.Tests.CodeGen;

public class GlobalLoweringTests
{
    [Fact]
    public void A_struct_valued_configuration_field_is_a_BPF9001_diagnostic_at_the_field()
    {
        var source = """
            using BpfSharp;

            public struct Endpoint { public uint Address; public ushort Port; }

            public static class P
            {
                public static readonly Endpoint Leader = default;

                [Xdp]
                public static XdpAction Run(XdpContext ctx) => Leader.Port == 0 ? XdpAction.Pass : XdpAction.Drop;
            }
            """;
        var result = CodeGenerator.Generate(TestPrograms.Model(source));

        Assert.False(result.Success);
        Assert.Contains(result.Diagnostics, d => d.Id == "BPF9001" && d.GetMessage().Contains("Leader")
            && d.Location.GetLineSpan().StartLinePosition.Line + 1 == 7);
    }
}
