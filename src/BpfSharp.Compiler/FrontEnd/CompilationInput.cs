using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace BpfSharp.Compiler.FrontEnd;

/// <summary>A source file of the program: the path recorded in diagnostics and debug info, and its text.</summary>
/// <param name="Path">Path as recorded (relative to the project for reproducible objects).</param>
/// <param name="Text">The source text.</param>
public sealed record SourceFile(string Path, SourceText Text);

/// <summary>What the program is compiled from: its sources, the assemblies they reference and how they are parsed.</summary>
/// <param name="Sources">Source files in compilation order.</param>
/// <param name="References">Paths of referenced assemblies (BpfSharp.Runtime and the framework's reference assemblies).</param>
/// <param name="PreprocessorSymbols">Defined preprocessor symbols.</param>
/// <param name="LanguageVersion">C# language version.</param>
/// <param name="AssemblyName">Name of the program assembly (the same as the project's, so internals line up).</param>
public sealed record CompilationInput(
    IReadOnlyList<SourceFile> Sources,
    IReadOnlyList<string> References,
    IReadOnlyList<string> PreprocessorSymbols,
    LanguageVersion LanguageVersion = LanguageVersion.Latest,
    string AssemblyName = "BpfProgram")
{
    /// <summary>
    /// Builds the Roslyn compilation as the project's own build does: a library, unsafe code allowed, nullable enabled,
    /// deterministic. <paramref name="loadReference"/> turns a reference's path into its metadata (a long-lived compiler
    /// reuses what it loaded before); by default each is read from its file.
    /// </summary>
    public CSharpCompilation CreateCompilation(Func<string, MetadataReference>? loadReference = null)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion, DocumentationMode.None, SourceCodeKind.Regular, PreprocessorSymbols);
        var trees = Sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, parseOptions, source.Path)).ToImmutableArray();
        loadReference ??= path => MetadataReference.CreateFromFile(path);
        var references = References.Select(loadReference);
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            allowUnsafe: true,
            nullableContextOptions: NullableContextOptions.Enable,
            deterministic: true,
            optimizationLevel: OptimizationLevel.Release);
        return CSharpCompilation.Create(AssemblyName, trees, references, options);
    }
}
