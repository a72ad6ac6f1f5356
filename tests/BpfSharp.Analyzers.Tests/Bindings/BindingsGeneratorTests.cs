using BpfSharp.Compiler.Bindings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpfSharp.Analyzers.Tests.Bindings;

public class BindingsGeneratorTests
{
    /// <summary>
    /// Compares generated text with a reviewed snapshot under Snapshots/; on a difference the new text is written beside
    /// the test assembly as NAME.received.cs, to review and copy over the snapshot.
    /// </summary>
    private static void MatchesSnapshot(string name, string generated)
    {
        string snapshot = Path.Combine(AppContext.BaseDirectory, "Snapshots", name + ".g.cs");
        string expected = File.Exists(snapshot) ? File.ReadAllText(snapshot).ReplaceLineEndings("\n") : "";
        string actual = generated.ReplaceLineEndings("\n");
        if (expected != actual)
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, name + ".received.cs"), actual);
        Assert.Equal(expected, actual);
    }

    private static void CompilesWithoutDiagnostics(Compilation output) =>
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));

    [Fact]
    public void A_small_program_gets_an_object_with_its_configuration_and_a_skeleton_with_its_map_and_program()
    {
        var (output, result) = GeneratorRuns.Run(GeneratorRuns.Compile(Programs.Small));

        Assert.Empty(result.Diagnostics);
        Assert.Equal("AcmeFilterBindings.g.cs", result.GeneratedSources.Single().HintName);
        MatchesSnapshot("SmallProgram", GeneratorRuns.GeneratedText(result));
        CompilesWithoutDiagnostics(output);
    }

    [Fact]
    public void Every_map_kind_is_bound_to_its_typed_loader_map_and_internal_types_make_the_bindings_internal()
    {
        var (output, result) = GeneratorRuns.Run(GeneratorRuns.Compile(Programs.EveryMapKind));

        Assert.Empty(result.Diagnostics);
        MatchesSnapshot("EveryMapKind", GeneratorRuns.GeneratedText(result));
        CompilesWithoutDiagnostics(output);
    }

    [Fact]
    public void A_map_whose_value_type_is_private_is_bound_untyped_with_a_warning_and_global_programs_get_global_bindings()
    {
        var (output, result) = GeneratorRuns.Run(GeneratorRuns.Compile("""
            using BpfSharp;
            public static unsafe class P
            {
                private struct Secret { public uint A; public Secret(uint a) => A = a; }
                [Map] private static readonly ArrayMap<Secret> Hidden = new(1);
                [Xdp] public static XdpAction R(XdpContext c) { Secret* s = Hidden.Lookup(0); return s == null ? XdpAction.Drop : XdpAction.Pass; }
            }
            """));

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(("BPF0300", DiagnosticSeverity.Warning, 5), (warning.Id, warning.Severity, warning.Location.GetLineSpan().StartLinePosition.Line + 1));
        Assert.Contains("'Hidden'", warning.GetMessage());
        Assert.Contains("public global::BpfSharp.Loader.BpfMapHandle Hidden { get; }", GeneratorRuns.GeneratedText(result));
        Assert.DoesNotContain("namespace", GeneratorRuns.GeneratedText(result));
        CompilesWithoutDiagnostics(output);
    }

    [Fact]
    public void A_configuration_variable_of_a_private_enum_is_bound_by_its_underlying_type_with_a_warning()
    {
        var (output, result) = GeneratorRuns.Run(GeneratorRuns.Compile("""
            using BpfSharp;
            public static class P
            {
                private enum Level : ushort { Low, High }
                private static readonly Level s_level = Level.High;
                [Xdp] public static XdpAction R(XdpContext c) => s_level == Level.High ? XdpAction.Drop : XdpAction.Pass;
            }
            """));

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(("BPF0301", 5), (warning.Id, warning.Location.GetLineSpan().StartLinePosition.Line + 1));
        Assert.Contains("public ushort Level", GeneratorRuns.GeneratedText(result));
        Assert.Contains("GetVariable<ushort>(\"s_level\")", GeneratorRuns.GeneratedText(result));
        CompilesWithoutDiagnostics(output);
    }

    [Fact]
    public void Names_follow_the_compiler_clashing_entry_points_are_type_qualified_and_a_map_keeps_its_given_name()
    {
        var (_, result) = GeneratorRuns.Run(GeneratorRuns.Compile("""
            using BpfSharp;
            public static class A
            {
                [Map(Name = "ctl")] public static readonly ArrayMap<uint> Control = new(1);
                [Xdp] public static XdpAction Run(XdpContext c) => XdpAction.Pass;
            }
            public static class B
            {
                [Tc] public static TcAction Run(TcContext c) => TcAction.Ok;
            }
            """));

        string text = GeneratorRuns.GeneratedText(result);
        Assert.Contains("this.Control = new global::BpfSharp.Loader.BpfArrayMap<uint>(map(\"ctl\"));", text);
        Assert.Contains("(this.Control.Pin, \"ctl\"),", text);
        Assert.Contains("A_Run = loaded.Program(\"A_Run\");", text);
        Assert.Contains("B_Run = loaded.Program(\"B_Run\");", text);
    }

    [Fact]
    public void Maps_and_programs_named_as_members_of_their_sets_get_type_qualified_properties_and_the_bindings_compile()
    {
        var (output, result) = GeneratorRuns.Run(GeneratorRuns.Compile("""
            using BpfSharp;
            public static unsafe class P
            {
                [Map] public static readonly ArrayMap<uint> Pin = new(1);
                [Map] public static readonly ArrayMap<uint> _opened = new(1);
                [Xdp] public static XdpAction R(XdpContext c) { uint* a = Pin.Lookup(0); uint* b = _opened.Lookup(0); return a == null || b == null ? XdpAction.Drop : XdpAction.Pass; }
            }
            public static class Q
            {
                [Xdp] public static XdpAction OpenPinned(XdpContext c) => XdpAction.Pass;
            }
            """));

        string text = GeneratorRuns.GeneratedText(result);
        Assert.Contains("public global::BpfSharp.Loader.BpfArrayMap<uint> P_Pin { get; }", text);
        Assert.Contains("public global::BpfSharp.Loader.BpfArrayMap<uint> P__opened { get; }", text);
        Assert.Contains("(this.P_Pin.Pin, \"Pin\"),", text);
        Assert.Contains("public global::BpfSharp.Loader.BpfProgram Q_OpenPinned { get; }", text);
        Assert.Contains("(this.Q_OpenPinned.Pin, \"OpenPinned\"),", text);
        CompilesWithoutDiagnostics(output);
    }

    [Fact]
    public void A_compilation_without_programs_or_with_a_subset_error_gets_no_bindings()
    {
        var withoutPrograms = GeneratorRuns.Run(GeneratorRuns.Compile("public static class Helpers { public static int One => 1; }")).Result;
        var withError = GeneratorRuns.Run(GeneratorRuns.Compile("""
            using BpfSharp;
            public static class P { [Xdp] public static XdpAction R(XdpContext c) { var o = new object(); return XdpAction.Pass; } }
            """)).Result;

        Assert.Empty(withoutPrograms.GeneratedSources);
        Assert.Empty(withError.GeneratedSources);
    }

    [Fact]
    public void The_class_prefix_comes_from_the_object_file_name_unless_the_project_names_it()
    {
        Assert.Equal("Electrode", BindingsModelBuilder.Prefix("electrode.bpf.o"));
        Assert.Equal("MyApp", BindingsModelBuilder.Prefix("my-app.bpf.o"));
        Assert.Equal("AcmeFilter", BindingsModelBuilder.Prefix("Acme.Filter.bpf.o"));
        Assert.Equal("_7up", BindingsModelBuilder.Prefix("7up.bpf.o"));
        Assert.Equal("PortFilter", BindingsModelBuilder.Prefix("Acme.Filter.bpf.o", bindingsName: "PortFilter"));
    }
}
