using BpfSharp.Analyzers.CodeFixes;

namespace BpfSharp.Analyzers.Tests.CodeFixes;

public class NoInliningCodeFixTests
{
    [Fact]
    public async Task A_NoInlining_method_with_six_arguments_loses_the_attribute_and_BPF0015_is_gone()
    {
        var result = await CodeFixRuns.Apply(new NoInliningCodeFix(), """
            using System.Runtime.CompilerServices;
            using BpfSharp;

            public static class Filter
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx) => Mix(1, 2, 3, 4, 5, 6) > 3 ? XdpAction.Drop : XdpAction.Pass;

                [MethodImpl(MethodImplOptions.NoInlining)]
                private static uint Mix(uint a, uint b, uint c, uint d, uint e, uint f) => a ^ b ^ c ^ d ^ e ^ f;
            }
            """, "BPF0015");

        Assert.Equal("""
            using System.Runtime.CompilerServices;
            using BpfSharp;

            public static class Filter
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx) => Mix(1, 2, 3, 4, 5, 6) > 3 ? XdpAction.Drop : XdpAction.Pass;

                private static uint Mix(uint a, uint b, uint c, uint d, uint e, uint f) => a ^ b ^ c ^ d ^ e ^ f;
            }
            """, result.Source);
        Assert.Empty(result.AnalyzerDiagnostics);
        Assert.Empty(result.CompilerErrors);
    }

    [Fact]
    public async Task NoInlining_combined_with_another_option_is_not_offered_a_fix_that_would_drop_the_other()
    {
        var actions = await CodeFixRuns.Offered(new NoInliningCodeFix(), """
            using System.Runtime.CompilerServices;
            using BpfSharp;

            public static class Filter
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx) => Mix(1, 2, 3, 4, 5, 6) > 3 ? XdpAction.Drop : XdpAction.Pass;

                [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
                private static uint Mix(uint a, uint b, uint c, uint d, uint e, uint f) => a ^ b ^ c ^ d ^ e ^ f;
            }
            """, "BPF0015");

        Assert.Empty(actions);
    }
}
