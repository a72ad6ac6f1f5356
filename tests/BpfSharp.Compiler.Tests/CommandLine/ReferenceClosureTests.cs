using BpfSharp.Compiler.CommandLine;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Tests.CommandLine;

public sealed class ReferenceClosureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bpfsharp-closure-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Compiles <paramref name="source"/> against the test references into an assembly file; returns its path.</summary>
    internal static string Emit(string directory, string name, string source)
    {
        string path = Path.Combine(directory, name + ".dll");
        var result = TestCompilations.Compile(source).WithAssemblyName(name).Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return path;
    }

    [Fact]
    public void The_closure_holds_what_the_assembly_names_and_what_those_name_and_nothing_else()
    {
        string assembly = Emit(_directory, "Program", "using BpfSharp; public static class P { [Xdp] public static XdpAction R(XdpContext c) => XdpAction.Pass; }");

        var closure = ReferenceClosure.Of(assembly, TestCompilations.References);

        Assert.NotNull(closure);
        var names = closure.Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Contains("BpfSharp.Runtime", names);
        Assert.Contains("System.Runtime", names);
        Assert.Contains("System.Private.CoreLib", names);
        Assert.DoesNotContain("System.Xml", names);
        Assert.DoesNotContain("xunit.core", names);
        Assert.True(closure.Count * 4 < TestCompilations.References.Count, $"{closure.Count} of {TestCompilations.References.Count} references");
        Assert.Equal(TestCompilations.References.Where(closure.Contains), closure);
    }

    [Fact]
    public void An_assembly_that_names_an_assembly_no_reference_file_matches_has_no_closure()
    {
        string assembly = Emit(_directory, "Program", "public static class P { public static int R() => 1; }");
        var withoutCoreLibrary = TestCompilations.References.Where(r => Path.GetFileNameWithoutExtension(r) != "System.Private.CoreLib").ToList();

        Assert.Null(ReferenceClosure.Of(assembly, withoutCoreLibrary));
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_has_no_closure()
    {
        string bogus = Path.Combine(_directory, "bogus.dll");
        File.WriteAllText(bogus, "not metadata");

        Assert.Null(ReferenceClosure.Of(bogus, TestCompilations.References));
        Assert.Null(ReferenceClosure.Of(Path.Combine(_directory, "missing.dll"), TestCompilations.References));
    }
}
