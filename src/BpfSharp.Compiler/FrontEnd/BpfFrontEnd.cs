using System.Collections.Immutable;
using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Model;
using BpfSharp.Compiler.Subset;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpfSharp.Compiler.FrontEnd;

/// <summary>
/// The compiler's front half: C# errors first, then the program's shape (entry points, maps, licence), then the subset
/// check of everything reachable from the entry points; a <see cref="ProgramModel"/> only when nothing is wrong.
/// </summary>
public static class BpfFrontEnd
{
    /// <summary>The licence written when the assembly has no <c>[assembly: BpfLicense]</c>.</summary>
    public const string DefaultLicense = "GPL";

    /// <summary>Parses and analyses <paramref name="input"/>.</summary>
    public static FrontEndResult Analyze(CompilationInput input, CancellationToken cancellation = default) =>
        Analyze(input.CreateCompilation(), cancellation);

    /// <summary>Analyses a compilation. Never throws for bad programs: every problem is a diagnostic.</summary>
    public static FrontEndResult Analyze(CSharpCompilation compilation, CancellationToken cancellation = default)
    {
        var errors = compilation.GetDiagnostics(cancellation).Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return errors.IsEmpty ? AnalyzeProgram(compilation, cancellation) : new FrontEndResult(null, errors);
    }

    /// <summary>
    /// Analyses a compilation whose sources the C# compiler has just compiled without errors, with the same references,
    /// symbols and language version (the MSBuild target runs after CoreCompile). It skips the C# error check of the
    /// whole compilation, most of a cold compile, so that Roslyn binds only what the subset check reaches. The result
    /// is <see cref="Analyze(CSharpCompilation, CancellationToken)"/>'s whenever the program fails or reaches code that
    /// does not bind here (this compilation lacks what source generators gave the C# compiler's), so a failing program
    /// gets the same diagnostics either way.
    /// </summary>
    public static FrontEndResult AnalyzeCompiled(CSharpCompilation compilation, CancellationToken cancellation = default)
    {
        var result = AnalyzeProgram(compilation, cancellation, out bool reachesInvalidCode);
        return result.Model is null || reachesInvalidCode ? Analyze(compilation, cancellation) : result;
    }

    /// <summary>
    /// Finds the program's shape and checks the subset, assuming the compilation has no C# errors (an analyzer runs it
    /// on whatever the IDE has).
    /// </summary>
    public static FrontEndResult AnalyzeProgram(CSharpCompilation compilation, CancellationToken cancellation = default) =>
        AnalyzeProgram(compilation, cancellation, out _);

    private static FrontEndResult AnalyzeProgram(CSharpCompilation compilation, CancellationToken cancellation, out bool reachesInvalidCode)
    {
        reachesInvalidCode = false;
        var diagnostics = new List<Diagnostic>();
        try
        {
            var runtime = RuntimeSymbols.Resolve(compilation, out string? missing);
            if (runtime is null)
            {
                diagnostics.Add(Diagnostic.Create(BpfDiagnostics.RuntimeMissing, Location.None, missing));
                return Result(null, diagnostics);
            }

            var entries = EntryPointDiscovery.Find(compilation, runtime, diagnostics);
            var maps = MapDiscovery.Find(compilation, runtime, diagnostics);
            if (entries.Count == 0 && !diagnostics.Any(d => d.Id == BpfDiagnostics.EntryPointSignature.Id))
                diagnostics.Add(Diagnostic.Create(BpfDiagnostics.NoEntryPoint, Location.None));

            var subset = SubsetChecker.Check(compilation, runtime, entries.Select(e => e.Method), cancellation);
            reachesInvalidCode = subset.ReachesInvalidCode;
            diagnostics.AddRange(subset.Diagnostics);
            var globals = GlobalDiscovery.Read(subset.Globals, compilation, diagnostics);

            string license = compilation.Assembly.GetAttributes()
                .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, runtime.LicenseAttribute))
                .Select(a => a.ConstructorArguments is [{ Value: string text }] ? text : null)
                .FirstOrDefault(text => text is not null) ?? DefaultLicense;

            var model = new ProgramModel(compilation, entries, subset.ReachableMethods, maps, globals, license);
            return Result(model, diagnostics);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.InternalError, Location.None,
                $"{exception.GetType().Name}: {exception.Message}"));
            return Result(null, diagnostics);
        }
    }

    private static FrontEndResult Result(ProgramModel? model, List<Diagnostic> diagnostics)
    {
        var sorted = diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath ?? "", StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
        bool failed = sorted.Any(d => d.Severity == DiagnosticSeverity.Error);
        return new FrontEndResult(failed ? null : model, sorted);
    }
}
