using BpfSharp.Compiler.FrontEnd;
using BpfSharp.Compiler.Model;
using BpfSharp.Compiler.Subset;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpfSharp.Compiler.Tests.FrontEnd;

public class BpfFrontEndTests
{
    private static ProgramModel Tour()
    {
        string source = File.ReadAllText(Path.Combine(TestCompilations.CorpusDirectory("Accepted"), "SubsetTour.cs"));
        var result = BpfFrontEnd.Analyze(TestCompilations.Input(source, "SubsetTour.cs"));
        return result.Model ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Entry_points_are_found_in_source_order_with_their_kind_and_section()
    {
        var entries = Tour().EntryPoints;

        Assert.Equal(
            [("Ingress", ProgramKind.Xdp, "xdp"), ("Egress", ProgramKind.Tc, "classifier")],
            entries.Select(e => (e.Method.Name, e.Kind, e.Section)).ToList());
    }

    [Fact]
    public void Maps_carry_name_kind_element_types_size_and_pinning_read_from_the_declaration()
    {
        var maps = Tour().Maps.Select(m => (m.Name, m.Kind, Key: m.KeyType?.ToDisplayString(), Value: m.ValueType?.ToDisplayString(),
            m.MaxEntries, m.Pinning)).ToList();

        Assert.Equal(
            [
                ("Slots", MapKind.Array, "uint", "Slot", 64, MapPinning.ByName),
                ("peers", MapKind.Hash, "uint", "ulong", 128, MapPinning.None),
                ("Recent", MapKind.LruHash, "ulong", "uint", 256, MapPinning.None),
                ("Counters", MapKind.PerCpuArray, "uint", "ulong", 4, MapPinning.None),
                ("Events", MapKind.RingBuffer, null, null, 16384, MapPinning.None),
                ("Jumps", MapKind.ProgramArray, "uint", "uint", 2, MapPinning.None),
            ],
            maps);
    }

    [Fact]
    public void Static_readonly_fields_the_programs_read_become_globals_with_their_constant_value_and_consts_do_not()
    {
        var globals = Tour().Globals.Select(g => (g.Field.Name, g.InitialValue, g.ReadOnly)).ToList();

        Assert.Equal([("s_port", (object?)(ushort)12345, true), ("s_watched", (byte)1, true)], globals);
    }

    [Fact]
    public void Assembly_licence_attribute_sets_the_licence()
    {
        Assert.Equal("Dual BSD/GPL", Tour().License);
    }

    [Fact]
    public void Licence_defaults_to_GPL()
    {
        var result = TestCompilations.Analyze("using BpfSharp; public static class P { [Xdp] public static XdpAction R(XdpContext c) => XdpAction.Pass; }");

        Assert.Equal("GPL", result.Model?.License);
    }

    [Fact]
    public void Program_without_entry_points_gets_warning_BPF0106_and_still_a_model()
    {
        var result = TestCompilations.Analyze("public static class Helpers { public static uint Twice(uint x) => x * 2; }");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(("BPF0106", DiagnosticSeverity.Warning), (warning.Id, warning.Severity));
        Assert.NotNull(result.Model);
        Assert.Empty(result.Model.EntryPoints);
    }

    [Fact]
    public void Unused_static_readonly_fields_are_not_globals()
    {
        var result = TestCompilations.Analyze("""
            using BpfSharp;
            public static class P
            {
                private static readonly uint s_unused = 9;
                [Xdp] public static XdpAction R(XdpContext c) => XdpAction.Pass;
                public static uint Other() => s_unused;
            }
            """);

        Assert.NotNull(result.Model);
        Assert.Empty(result.Model.Globals);
    }

    [Fact]
    public void CSharp_errors_are_reported_as_they_are_and_stop_the_front_end()
    {
        var result = TestCompilations.Analyze("""
            using BpfSharp;
            public static class P
            {
                [Xdp] public static XdpAction R(XdpContext c) => Missing;
            }
            """);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("CS0103", error.Id);
        Assert.Equal(4, error.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Null(result.Model);
    }

    [Fact]
    public void Preprocessor_symbols_select_the_code_that_is_compiled()
    {
        string source = """
            using BpfSharp;
            public static class P
            {
            #if WITH_FLOAT
                [Xdp] public static XdpAction R(XdpContext c) => c.IngressIfindex * 0.5 > 1 ? XdpAction.Pass : XdpAction.Drop;
            #else
                [Xdp] public static XdpAction R(XdpContext c) => XdpAction.Pass;
            #endif
            }
            """;

        Assert.False(BpfFrontEnd.Analyze(TestCompilations.Input(source)).HasErrors);
        Assert.Contains(BpfFrontEnd.Analyze(TestCompilations.Input(source, "P.cs", "WITH_FLOAT")).Diagnostics, d => d.Id == "BPF0011");
    }

    [Fact]
    public void Unsafe_code_is_allowed()
    {
        var result = TestCompilations.Analyze("""
            using BpfSharp;
            public static unsafe class P
            {
                [Xdp] public static XdpAction R(XdpContext c) => c.Data + 14 > c.DataEnd ? XdpAction.Drop : XdpAction.Pass;
            }
            """);

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Missing_runtime_reference_is_reported_as_BPF0107()
    {
        var input = TestCompilations.Input("public static class P { }") with
        {
            References = TestCompilations.References.Where(r => !r.EndsWith("BpfSharp.Runtime.dll", StringComparison.Ordinal)).ToList(),
        };

        var result = BpfFrontEnd.Analyze(input);

        Assert.Equal("BPF0107", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Methods_are_checked_only_when_reachable_from_an_entry_point()
    {
        var result = TestCompilations.Analyze("""
            using BpfSharp;
            public static class P
            {
                [Xdp] public static XdpAction R(XdpContext c) => Helper(1) ? XdpAction.Pass : XdpAction.Drop;
                private static bool Helper(int x) => x > 0;
                public static string NotAProgram() => "userspace may use strings";
            }
            """);

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Property_accessors_and_struct_methods_the_programs_use_are_checked_too()
    {
        var result = TestCompilations.Analyze("""
            using BpfSharp;
            public struct Pair
            {
                public uint A;
                public readonly uint Scaled => (uint)(A * 1.5);
                public uint Stored { readonly get => A; set => A = value / 2; }
                public readonly bool Same(uint x) => x.Equals((object)A);
            }
            public static class P
            {
                [Xdp] public static XdpAction R(XdpContext c)
                {
                    Pair p = default;
                    p.Stored = 4;
                    return p.Scaled > 3 && p.Same(1) ? XdpAction.Pass : XdpAction.Drop;
                }
            }
            """);

        Assert.Equal([("BPF0011", 5), ("BPF0006", 7), ("BPF0008", 7)], TestCompilations.IdsAndLines(result.Diagnostics).Distinct().ToList());
    }

    [Fact]
    public void Exception_inside_a_rule_becomes_BPF9000_at_the_method_instead_of_a_crash()
    {
        var compilation = TestCompilations.Compile("""
            using BpfSharp;
            public static class P
            {
                [Xdp] public static XdpAction R(XdpContext c) => XdpAction.Pass;
            }
            """);
        var runtime = RuntimeSymbols.Resolve(compilation, out _)!;
        var entry = compilation.GetTypeByMetadataName("P")!.GetMembers("R").OfType<IMethodSymbol>().Single();

        var result = SubsetChecker.Check(compilation, runtime, [entry], [new ThrowingRule()], CancellationToken.None);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("BPF9000", diagnostic.Id);
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("rule exploded", diagnostic.GetMessage());
    }

    [Fact]
    public void Language_version_is_the_one_requested()
    {
        var input = TestCompilations.Input("""
            using BpfSharp;
            public static class P
            {
                [Xdp] public static XdpAction R(XdpContext c) => c.IngressIfindex is > 3 and < 9 ? XdpAction.Pass : XdpAction.Drop;
            }
            """) with { LanguageVersion = LanguageVersion.CSharp7_3 };

        var result = BpfFrontEnd.Analyze(input);

        Assert.Contains(result.Diagnostics, d => d.Id.StartsWith("CS", StringComparison.Ordinal));
    }

    private sealed class ThrowingRule : BpfSharp.Compiler.Subset.Rules.ISubsetRule
    {
        public void Check(IOperation operation, BpfSharp.Compiler.Subset.Rules.MethodContext context) =>
            throw new InvalidOperationException("rule exploded");
    }
}
