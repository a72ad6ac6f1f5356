
namespace BpfSharp.Compiler.Tests.CodeGen;

public class UnsupportedConstructTests
{
    private static string Program(string body, string members = "") => $$"""
        using BpfSharp;

        public static unsafe class P
        {
            {{members}}
            [Xdp]
            public static XdpAction Run(XdpContext ctx)
            {
                uint x = ctx.IngressIfindex;
                int s = (int)ctx.RxQueueIndex;
        {{body}}
                return XdpAction.Pass;
            }
        }
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "        byte* scratch = stackalloc byte[s]; if (scratch[0] > 2) return XdpAction.Drop;", "", "positive constant" },
        { "        if (checked(x + 1) > 2) return XdpAction.Drop;", "", "checked arithmetic" },
        { "        if (System.Math.Max(x, 3u) > 2) return XdpAction.Drop;", "", "Math.Max" },
        { "        if (x > 2) throw new System.InvalidOperationException();", "", "throw" },
        { "        if ((s switch { 0 => 1, 1 => 2 }) > 1) return XdpAction.Drop;", "", "not exhaustive" },
        { "        if ((uint)ctx.Data > 2) return XdpAction.Drop;", "", "(uint)(p - start)" },
        {
            "        Packed* v = Values.Lookup(0); if (v != null && System.Threading.Interlocked.Increment(ref v->Count) > 2) return XdpAction.Drop;",
            "[Map] public static readonly ArrayMap<Packed> Values = new(1); [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 1)] public struct Packed { public byte Tag; public uint Count; }",
            "not aligned"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_construct_the_code_generator_cannot_lower_is_a_BPF9001_diagnostic_at_its_line(string body, string members, string what)
    {
        var result = CodeGenerator.Generate(TestPrograms.Model(Program(body, members)));

        Assert.False(result.Success);
        Assert.Null(result.Object);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("BPF9001", diagnostic.Id);
        Assert.Contains(what, diagnostic.GetMessage(), StringComparison.OrdinalIgnoreCase);
        Assert.True(diagnostic.Location.IsInSource);
        Assert.Equal(11, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void Every_unsupported_method_is_reported_not_only_the_first()
    {
        var source = """
            using BpfSharp;

            public static unsafe class P
            {
                [Xdp]
                public static XdpAction First(XdpContext ctx) => checked(ctx.RxQueueIndex + 1) > 1 ? XdpAction.Drop : XdpAction.Pass;

                [Xdp]
                public static XdpAction Second(XdpContext ctx) => System.Math.Abs((int)ctx.RxQueueIndex) > 1 ? XdpAction.Drop : XdpAction.Pass;
            }
            """;
        var result = CodeGenerator.Generate(TestPrograms.Model(source));

        Assert.Equal(2, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, d => Assert.Equal("BPF9001", d.Id));
        Assert.Equal([6, 9], result.Diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).Order());
    }
}
