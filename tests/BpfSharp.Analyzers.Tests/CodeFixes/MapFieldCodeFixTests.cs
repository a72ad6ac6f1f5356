using BpfSharp.Analyzers.CodeFixes;

namespace BpfSharp.Analyzers.Tests.CodeFixes;

public class MapFieldCodeFixTests
{
    [Fact]
    public async Task A_map_field_missing_static_readonly_gets_both_after_its_accessibility_and_BPF0101_is_gone()
    {
        var result = await CodeFixRuns.Apply(new MapFieldCodeFix(), """
            using BpfSharp;

            public unsafe class Filter
            {
                [Map] public ArrayMap<ulong> Counts = new(4);

                [Xdp]
                public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
            }
            """, "BPF0101");

        Assert.Equal("""
            using BpfSharp;

            public unsafe class Filter
            {
                [Map] public static readonly ArrayMap<ulong> Counts = new(4);

                [Xdp]
                public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
            }
            """, result.Source);
        Assert.DoesNotContain(result.AnalyzerDiagnostics, d => d.Id == "BPF0101");
        Assert.Empty(result.CompilerErrors);
    }

    [Fact]
    public async Task A_static_map_field_missing_readonly_keeps_its_static_and_gets_readonly()
    {
        var result = await CodeFixRuns.Apply(new MapFieldCodeFix(), """
            using BpfSharp;

            public static class Filter
            {
                [Map]
                internal static HashMap<uint, ulong> Seen = new(64);

                [Xdp]
                public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
            }
            """, "BPF0101");

        Assert.Contains("    [Map]\n    internal static readonly HashMap<uint, ulong> Seen = new(64);", result.Source.ReplaceLineEndings("\n"));
        Assert.Empty(result.AnalyzerDiagnostics);
        Assert.Empty(result.CompilerErrors);
    }

    [Fact]
    public async Task A_map_attribute_on_a_field_of_another_type_is_not_offered_a_fix()
    {
        var actions = await CodeFixRuns.Offered(new MapFieldCodeFix(), """
            using BpfSharp;

            public static class Filter
            {
                [Map] public static readonly uint Counts = 4;

                [Xdp]
                public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
            }
            """, "BPF0101");

        Assert.Empty(actions);
    }
}
