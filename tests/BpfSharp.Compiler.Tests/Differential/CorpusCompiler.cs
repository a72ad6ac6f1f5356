using System.Collections.Concurrent;
using BpfSharp.Compiler.FrontEnd;
using BpfSharp.Compiler.Model;
using Microsoft.CodeAnalysis.Text;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>
/// Compiles a corpus program (a file of Corpus/, which the test assembly also compiles for in-process runs) with the
/// BpfSharp front end and code generator, once per file.
/// </summary>
internal static class CorpusCompiler
{
    private static readonly ConcurrentDictionary<string, Lazy<(ProgramModel Model, byte[] Object)>> s_compiled = new();

    /// <summary>The model and object of Corpus/<paramref name="file"/>; fails the test with the diagnostics when it does not compile.</summary>
    public static (ProgramModel Model, byte[] Object) Compile(string file) =>
        s_compiled.GetOrAdd(file, f => new Lazy<(ProgramModel, byte[])>(() => CompileNow(f))).Value;

    private static (ProgramModel, byte[]) CompileNow(string file)
    {
        string path = Path.Combine(TestCompilations.CorpusDirectory("Corpus"), file);
        var input = new CompilationInput(
            [new SourceFile("Corpus/" + file, SourceText.From(File.ReadAllText(path)))],
            TestCompilations.References,
            []);
        var front = BpfFrontEnd.Analyze(input);
        Assert.True(front.Model is not null, $"{file} is rejected by the front end:\n{string.Join('\n', front.Diagnostics)}");
        var back = CodeGenerator.Generate(front.Model);
        Assert.True(back.Object is not null, $"{file} is rejected by the code generator:\n{string.Join('\n', back.Diagnostics)}");
        return (front.Model, back.Object);
    }
}
