using System.Text;
using BpfSharp.Compiler.Bindings;
using BpfSharp.Compiler.CommandLine;
using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.FrontEnd;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace BpfSharp.Compiler;

/// <summary>Command-line entry of the compiler, as the MSBuild target invokes it.</summary>
public static class CompilerCommand
{
    /// <summary>Exit code when the program compiled (or checked) without errors.</summary>
    public const int Success = 0;

    /// <summary>Exit code when any error was reported.</summary>
    public const int Failure = 1;

    /// <summary>Runs the compiler with command-line arguments; returns the process exit code.</summary>
    public static int Run(string[] args) => Run(args, Console.Out);

    /// <summary>Runs the compiler, writing diagnostics to <paramref name="output"/>; returns the process exit code.</summary>
    public static int Run(IEnumerable<string> args, TextWriter output) => Run(args, output, references: null);

    /// <summary>As <see cref="Run(IEnumerable{string}, TextWriter)"/>, with referenced assemblies taken from <paramref name="references"/> when given.</summary>
    internal static int Run(IEnumerable<string> args, TextWriter output, MetadataReferenceCache? references)
    {
        CompilerArguments arguments;
        try
        {
            arguments = CompilerArguments.Parse(args);
        }
        catch (CommandLineException e)
        {
            output.WriteLine(MSBuildDiagnosticFormat.Format(Diagnostic.Create(BpfDiagnostics.UsageError, Location.None, e.Message), "."));
            return Failure;
        }

        var diagnostics = new List<Diagnostic>();
        bool ok;
        try
        {
            ok = Compile(arguments, diagnostics, references);
        }
        catch (Exception e)
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.InternalError, Location.None, $"{e.GetType().Name}: {e.Message}"));
            ok = false;
        }

        foreach (var diagnostic in diagnostics)
            output.WriteLine(MSBuildDiagnosticFormat.Format(diagnostic, arguments.BaseDirectory));
        return ok ? Success : Failure;
    }

    /// <summary>
    /// Runs every phase of <paramref name="arguments"/>'s compile, writing nothing and reporting nothing: the compiler
    /// server does it once for the build that started it, so that the next build finds its code and caches warm.
    /// </summary>
    internal static void WarmUp(CompilerArguments arguments, MetadataReferenceCache references)
    {
        try
        {
            Compile(arguments with { OutputPath = null }, [], references);
        }
        catch (Exception)
        {
            // Whatever failed (a source gone since, a compiler fault) fails again in the build that compiles it, which
            // reports it; the server must go on to serve that build.
        }
    }

    private static bool Compile(CompilerArguments arguments, List<Diagnostic> diagnostics, MetadataReferenceCache? references)
    {
        if (arguments.OutputPath is { } stale && File.Exists(stale))
            File.Delete(stale);

        var sources = ReadSources(arguments, diagnostics);
        var missing = arguments.References.Where(r => !File.Exists(r)).ToList();
        foreach (string reference in missing)
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.FileError, Location.None, $"referenced assembly '{reference}' does not exist"));
        if (sources is null || missing.Count > 0) return false;

        var input = new CompilationInput(sources, arguments.References, arguments.Defines, arguments.LanguageVersion, arguments.AssemblyName);
        var result = arguments.CompiledByCSharp && arguments.CompiledAssembly is { } compiled && ReferenceClosure.Of(compiled, arguments.References) is { } reached
            ? Analyze(input with { References = reached }, arguments, references)
            : null;
        // Should the closure miss something the reached code needs, the program compiles as if it had not been taken.
        if (result?.Model is null)
            result = Analyze(input, arguments, references);
        diagnostics.AddRange(result.Diagnostics);
        if (result.Model is null) return false;
        if (arguments.CheckOnly) return true;

        var generated = CodeGenerator.Generate(result.Model);
        diagnostics.AddRange(generated.Diagnostics);
        if (generated.Object is null) return false;
        return arguments.OutputPath is not { } output || WriteObject(output, generated.Object, diagnostics);
    }

    private static FrontEndResult Analyze(CompilationInput input, CompilerArguments arguments, MetadataReferenceCache? references)
    {
        var compilation = references is null ? input.CreateCompilation() : input.CreateCompilation(references.Load);
        Func<CSharpCompilation, FrontEndResult> analyze = arguments.CompiledByCSharp
            ? c => BpfFrontEnd.AnalyzeCompiled(c)
            : c => BpfFrontEnd.Analyze(c);
        var result = analyze(compilation);
        if (result.Model is null && GeneratedBindings.AddTo(compilation, BindingsSettingsOf(arguments)) is { } withBindings)
            result = analyze(withBindings);
        return result;
    }

    /// <summary>The object and bindings names the C# build gives the generator, so that both generate the same classes.</summary>
    private static BindingsSettings BindingsSettingsOf(CompilerArguments arguments) => new(
        arguments.ObjectName ?? (arguments.OutputPath is { } output ? Path.GetFileName(output) : null),
        arguments.BindingsName);

    /// <summary>Writes through a temporary file, so that a failed or interrupted write never leaves a partial object.</summary>
    private static bool WriteObject(string path, byte[] bytes, List<Diagnostic> diagnostics)
    {
        string temporary = path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.FileError, Location.None, $"cannot write the object '{path}': {e.Message}"));
            if (File.Exists(temporary)) File.Delete(temporary);
            return false;
        }
    }

    /// <summary>Reads the sources, recording each under its path relative to the base directory (for reproducible objects).</summary>
    private static List<SourceFile>? ReadSources(CompilerArguments arguments, List<Diagnostic> diagnostics)
    {
        var sources = new List<SourceFile>();
        bool ok = true;
        foreach (string given in arguments.Sources)
        {
            string full = Path.GetFullPath(given, arguments.BaseDirectory);
            try
            {
                using var stream = File.OpenRead(full);
                var text = SourceText.From(stream, Encoding.UTF8, SourceHashAlgorithm.Sha256);
                sources.Add(new SourceFile(RecordedPath(full, arguments.BaseDirectory), text));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(Diagnostic.Create(BpfDiagnostics.FileError, Location.None, $"cannot read source file '{given}': {e.Message}"));
                ok = false;
            }
        }

        return ok ? sources : null;
    }

    private static string RecordedPath(string fullPath, string baseDirectory)
    {
        string relative = Path.GetRelativePath(baseDirectory, fullPath);
        return Path.IsPathRooted(relative) ? fullPath : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
