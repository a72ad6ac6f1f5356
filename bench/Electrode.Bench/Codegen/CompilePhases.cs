using System.Diagnostics;
using System.Text;
using BpfSharp.Compiler;
using BpfSharp.Compiler.CommandLine;
using BpfSharp.Compiler.FrontEnd;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Electrode.Bench.Codegen;

/// <summary>Where a warm compile spends its time, in milliseconds per phase.</summary>
internal sealed record PhaseTimes(double Parse, double Bind, double Subset, double CodeGen)
{
    public static readonly string[] Names =
    [
        "read + parse sources, load references",
        "C# binding and diagnostics (Roslyn)",
        "BpfSharp front end: entry points, maps, subset",
        "code generation: IR, LLVM O2, BPF object",
    ];

    public double[] Values => [Parse, Bind, Subset, CodeGen];
}

/// <summary>
/// Runs the compiler's phases one by one, through its public API, on the arguments of the MSBuild target's response
/// file: the same work as <c>CompilerCommand.Run</c>, timed per phase.
/// </summary>
internal static class CompilePhases
{
    public static PhaseTimes Measure(RepositoryPaths paths)
    {
        var arguments = CompilerArguments.Parse(["@" + paths.CompilerResponseFile]);
        var watch = Stopwatch.StartNew();
        var sources = arguments.Sources.Select(given =>
        {
            string full = Path.GetFullPath(given, arguments.BaseDirectory);
            using var stream = File.OpenRead(full);
            return new SourceFile(Path.GetRelativePath(arguments.BaseDirectory, full), SourceText.From(stream, Encoding.UTF8, SourceHashAlgorithm.Sha256));
        }).ToList();
        var input = new CompilationInput(sources, arguments.References, arguments.Defines, arguments.LanguageVersion, arguments.AssemblyName);
        var compilation = input.CreateCompilation();
        double parse = Lap(watch);

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new BenchmarkException($"Electrode.Programs has C# errors: {errors[0]}");
        double bind = Lap(watch);

        var model = BpfFrontEnd.AnalyzeProgram(compilation).Model
            ?? throw new BenchmarkException("the BpfSharp front end rejected Electrode.Programs");
        double subset = Lap(watch);

        if (CodeGenerator.Generate(model).Object is null)
            throw new BenchmarkException("code generation of Electrode.Programs failed");
        double codeGen = Lap(watch);
        return new PhaseTimes(parse, bind, subset, codeGen);
    }

    private static double Lap(Stopwatch watch)
    {
        double elapsed = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        return elapsed;
    }
}
