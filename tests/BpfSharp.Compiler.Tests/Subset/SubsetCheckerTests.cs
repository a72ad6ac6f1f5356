using BpfSharp.Compiler.Subset;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Tests.Subset;

public class SubsetCheckerTests
{
    private const string Source = """
        using BpfSharp;
        public static class P
        {
            private static readonly uint s_limit = 9;
            private static readonly uint s_unused = 1;
            [Xdp] public static XdpAction R(XdpContext c) => Twice(c.IngressIfindex) > s_limit ? XdpAction.Pass : Other();
            private static uint Twice(uint x) => Add(x, x);
            private static uint Add(uint a, uint b) => a + b;
            private static XdpAction Other() => Add(1, 2) > 2 ? XdpAction.Drop : XdpAction.Pass;
            public static uint NeverCalled() => s_unused;
        }
        """;

    [Fact]
    public void Reachable_methods_are_the_entry_points_then_their_callees_breadth_first_each_once()
    {
        var compilation = TestCompilations.Compile(Source);
        var runtime = RuntimeSymbols.Resolve(compilation, out _)!;
        var entry = compilation.GetTypeByMetadataName("P")!.GetMembers("R").OfType<IMethodSymbol>().Single();

        var result = SubsetChecker.Check(compilation, runtime, [entry]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["R", "Twice", "Other", "Add"], result.ReachableMethods.Select(m => m.Name).ToList());
        Assert.Equal(["s_limit"], result.Globals.Select(g => g.Name).ToList());
    }
}
