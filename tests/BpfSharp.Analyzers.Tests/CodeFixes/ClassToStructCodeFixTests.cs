using BpfSharp.Analyzers.CodeFixes;

namespace BpfSharp.Analyzers.Tests.CodeFixes;

public class ClassToStructCodeFixTests
{
    [Fact]
    public async Task New_of_a_sealed_data_class_declares_it_as_a_struct_and_BPF0001_is_gone()
    {
        var result = await CodeFixRuns.Apply(new ClassToStructCodeFix(), """
            using BpfSharp;

            public sealed class Flow
            {
                public uint Source;
                public uint Destination;
            }

            public static class Filter
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx)
                {
                    var flow = new Flow { Source = ctx.IngressIfindex };
                    return flow.Source == 7 ? XdpAction.Drop : XdpAction.Pass;
                }
            }
            """, "BPF0001");

        Assert.Equal("Declare Flow as a struct", result.Title);
        Assert.StartsWith("""
            using BpfSharp;

            public struct Flow
            {
                public uint Source;
            """, result.Source);
        Assert.Empty(result.AnalyzerDiagnostics);
        Assert.Empty(result.CompilerErrors);
    }

    [Theory]
    [InlineData("public class Flow : Base { public uint Source; } public class Base { }", "a base class")]
    [InlineData("public class Flow { public uint Source; protected uint Hidden; }", "a protected member")]
    [InlineData("public class Flow { public uint Source = 1; }", "a field initializer without a constructor")]
    [InlineData("public abstract class Shape { public uint Sides; } public class Flow : Shape { }", "an abstract base")]
    public async Task A_class_that_would_not_mean_the_same_as_a_struct_is_not_offered_the_fix(string declaration, string why)
    {
        var actions = await CodeFixRuns.Offered(new ClassToStructCodeFix(), $$"""
            using BpfSharp;

            {{declaration}}

            public static class Filter
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx) => new Flow() != null ? XdpAction.Pass : XdpAction.Drop;
            }
            """, "BPF0001");

        Assert.True(actions.Count == 0, why);
    }
}
