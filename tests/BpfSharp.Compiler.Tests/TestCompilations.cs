using BpfSharp.Compiler.FrontEnd;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace BpfSharp.Compiler.Tests;

/// <summary>Builds compilations of small test programs against the framework and BpfSharp.Runtime.</summary>
internal static class TestCompilations
{
    /// <summary>The framework assemblies of this process and BpfSharp.Runtime.</summary>
    public static IReadOnlyList<string> References { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(XdpContext).Assembly.Location)
            .Distinct()
            .ToList();

    /// <summary>The compilation input of one source text.</summary>
    public static CompilationInput Input(string source, string path = "Program.cs", params string[] defines) =>
        new([new SourceFile(path, SourceText.From(source))], References, defines);

    /// <summary>Runs the front end on one source text.</summary>
    public static FrontEndResult Analyze(string source, string path = "Program.cs") => BpfFrontEnd.Analyze(Input(source, path));

    /// <summary>The compilation of one source text.</summary>
    public static CSharpCompilation Compile(string source, string path = "Program.cs") => Input(source, path).CreateCompilation();

    /// <summary>(id, 1-based line) of each diagnostic; line 0 for a diagnostic without a source location.</summary>
    public static IEnumerable<(string Id, int Line)> IdsAndLines(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => (d.Id, d.Location.IsInSource ? d.Location.GetLineSpan().StartLinePosition.Line + 1 : 0));

    /// <summary>Directory of the corpus programs copied beside the test assembly.</summary>
    public static string CorpusDirectory(string name) => Path.Combine(AppContext.BaseDirectory, name);
}
