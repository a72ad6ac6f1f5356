using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Tests.Surface;

public class RuntimeSurfaceTests
{
    private const string Source = """
        using System.Numerics;

        namespace BpfSharp
        {
            public static class Bpf { public static ulong KtimeGetNs() => 0; }
        }

        public static class Calls
        {
            public static object[] Targets() =>
            [
                BitOperations.TrailingZeroCount(1u), BitOperations.LeadingZeroCount(1ul), BitOperations.RotateLeft(1u, 3),
                BitOperations.RotateRight(1ul, 3), BitOperations.Log2(8u), BpfSharp.Bpf.KtimeGetNs(), "u8"u8.Length,
            ];
        }
        """;

    [Fact]
    public void Bit_operations_the_lowering_handles_are_on_the_surface_and_others_are_not()
    {
        var calls = Invocations();

        Assert.Equal(Intrinsic.TrailingZeroCount, RuntimeSurface.Find(calls["TrailingZeroCount"]));
        Assert.Equal(Intrinsic.LeadingZeroCount, RuntimeSurface.Find(calls["LeadingZeroCount"]));
        Assert.Equal(Intrinsic.RotateLeft, RuntimeSurface.Find(calls["RotateLeft"]));
        Assert.Equal(Intrinsic.RotateRight, RuntimeSurface.Find(calls["RotateRight"]));
        Assert.Null(RuntimeSurface.Find(calls["Log2"]));
    }

    [Fact]
    public void A_type_that_only_borrows_a_runtime_name_is_not_on_the_surface()
    {
        Assert.Null(RuntimeSurface.Find(Invocations()["KtimeGetNs"]));
    }

    [Fact]
    public void The_length_of_a_u8_literal_is_on_the_surface()
    {
        var compilation = TestCompilations.Compile(Source);
        var tree = compilation.SyntaxTrees.Single();
        var length = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax>()
            .Single(m => m.Name.Identifier.Text == "Length");

        var symbol = compilation.GetSemanticModel(tree).GetSymbolInfo(length).Symbol!;

        Assert.Equal(Intrinsic.ByteSpanLength, RuntimeSurface.Find(symbol));
    }

    private static Dictionary<string, IMethodSymbol> Invocations()
    {
        var compilation = TestCompilations.Compile(Source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
            .Select(i => (IMethodSymbol)model.GetSymbolInfo(i).Symbol!)
            .ToDictionary(m => m.Name);
    }
}
