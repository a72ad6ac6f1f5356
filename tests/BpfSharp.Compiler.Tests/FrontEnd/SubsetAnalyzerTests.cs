using System.Collections.Immutable;
using BpfSharp.Compiler.FrontEnd;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BpfSharp.Compiler.Tests.FrontEnd;

public class SubsetAnalyzerTests
{
    private static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnostics(string source)
    {
        var compilation = TestCompilations.Compile(source);
        var analyzers = compilation.WithAnalyzers([new SubsetAnalyzer()]);
        return await analyzers.GetAnalyzerDiagnosticsAsync();
    }

    [Fact]
    public async Task Analyzer_reports_subset_violations_at_their_line_as_the_compiler_does()
    {
        var diagnostics = await AnalyzerDiagnostics("""
            using BpfSharp;
            public static class P
            {
                [Xdp]
                public static XdpAction R(XdpContext c)
                {
                    for (uint i = 0; i < c.IngressIfindex; i++) { }
                    return XdpAction.Pass;
                }
            }
            """);

        Assert.Equal([("BPF0009", 7)], TestCompilations.IdsAndLines(diagnostics).ToList());
    }

    [Fact]
    public async Task Analyzer_is_silent_on_compilations_without_the_runtime()
    {
        var compilation = TestCompilations.Input("public static class P { public static string S() => \"fine here\"; }") with
        {
            References = TestCompilations.References.Where(r => !r.EndsWith("BpfSharp.Runtime.dll", StringComparison.Ordinal)).ToList(),
        };

        var diagnostics = await compilation.CreateCompilation().WithAnalyzers([new SubsetAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Analyzer_is_silent_on_a_compilation_that_uses_the_runtime_but_declares_no_entry_point_or_map()
    {
        var diagnostics = await AnalyzerDiagnostics("""
            using BpfSharp;
            public static class ProgramTests
            {
                public static string Describe(XdpAction action) => $"verdict {action}";
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Analyzer_reports_a_map_without_an_entry_point_as_the_compiler_does()
    {
        var diagnostics = await AnalyzerDiagnostics("""
            using BpfSharp;
            public static class P { [Map] public static readonly ArrayMap<uint> Lonely = new(1); }
            """);

        Assert.Equal([("BPF0106", 0)], TestCompilations.IdsAndLines(diagnostics).ToList());
    }

    [Fact]
    public void Analyzer_declares_every_rule_it_can_report()
    {
        var ids = new SubsetAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet();

        Assert.Superset(new HashSet<string> { "BPF0001", "BPF0009", "BPF0013", "BPF0100", "BPF0106", "BPF9000" }, ids);
    }
}
