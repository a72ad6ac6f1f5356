using System.Collections.Immutable;
using BpfSharp.Compiler.FrontEnd;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BpfSharp.Analyzers.Tests.CodeFixes;

/// <summary>
/// Runs a code fix as an IDE does: the program in a Roslyn workspace, the subset analyzer's diagnostic, the fix's single
/// action applied to the solution; returns the fixed source and what the analyzer and the C# compiler report on it.
/// </summary>
internal static class CodeFixRuns
{
    public sealed record Fixed(string Title, string Source, ImmutableArray<Diagnostic> AnalyzerDiagnostics, ImmutableArray<Diagnostic> CompilerErrors);

    /// <summary>Applies <paramref name="fix"/> to the first <paramref name="id"/> the analyzer reports on <paramref name="source"/>.</summary>
    public static async Task<Fixed> Apply(CodeFixProvider fix, string source, string id)
    {
        using var workspace = new AdhocWorkspace();
        var document = AddProgram(workspace, source);
        var (diagnostics, errors) = await Check(document.Project);
        Assert.Empty(errors);
        var diagnostic = diagnostics.First(d => d.Id == id);
        Assert.Contains(id, fix.FixableDiagnosticIds);

        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var action = Assert.Single(actions);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var fixedDocument = solution.GetDocument(document.Id)!;
        var (after, afterErrors) = await Check(fixedDocument.Project);
        return new Fixed(action.Title, (await fixedDocument.GetTextAsync()).ToString(), after, afterErrors);
    }

    /// <summary>The actions <paramref name="fix"/> offers for every <paramref name="id"/> on <paramref name="source"/>.</summary>
    public static async Task<List<CodeAction>> Offered(CodeFixProvider fix, string source, string id)
    {
        using var workspace = new AdhocWorkspace();
        var document = AddProgram(workspace, source);
        var (diagnostics, _) = await Check(document.Project);
        Assert.Contains(diagnostics, d => d.Id == id);
        var actions = new List<CodeAction>();
        foreach (var diagnostic in diagnostics.Where(d => d.Id == id))
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private static Document AddProgram(AdhocWorkspace workspace, string source)
    {
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Acme.Filter", "Acme.Filter", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true,
                nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: GeneratorRuns.ParseOptions,
            metadataReferences: GeneratorRuns.References));
        return workspace.AddDocument(project.Id, "Program.cs", SourceText.From(source));
    }

    private static async Task<(ImmutableArray<Diagnostic> Analyzer, ImmutableArray<Diagnostic> Errors)> Check(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        var analyzer = await compilation.WithAnalyzers([new SubsetAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        return (analyzer, errors);
    }
}
