using System.Collections.Immutable;
using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BpfSharp.Compiler.FrontEnd;

// Compiled twice: into the command-line compiler (net10.0, file IO), where tests run it through CompilationWithAnalyzers
// and these two rules cannot be met, and into BpfSharp.Analyzers (netstandard2.0), the assembly the C# compiler loads.
#pragma warning disable RS1036, RS1041

/// <summary>
/// The front end and subset check as a Roslyn analyzer, so that an IDE shows BPFnnnn diagnostics while the program is
/// written. It runs once per compilation that references BpfSharp.Runtime and declares an entry point or a map (a project that
/// only uses programs, such as their tests, is left alone) and reports what the compiler would.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SubsetAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [.. BpfDiagnostics.SubsetRules, .. BpfDiagnostics.ProgramRules, BpfDiagnostics.InternalError];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationAction(Analyze);
    }

    private static void Analyze(CompilationAnalysisContext context)
    {
        if (context.Compilation is not CSharpCompilation compilation) return;
        if (RuntimeSymbols.Resolve(compilation, out _) is not { } runtime || !SourceSymbols.DeclaresProgram(compilation, runtime)) return;
        foreach (var diagnostic in BpfFrontEnd.AnalyzeProgram(compilation, context.CancellationToken).Diagnostics)
            context.ReportDiagnostic(diagnostic);
    }
}
