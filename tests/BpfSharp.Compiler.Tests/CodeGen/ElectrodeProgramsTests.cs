using BpfSharp.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpfSharp.Compiler.Tests.CodeGen;

/// <summary>The code generator's real customer: the Electrode fast paths, compiled from their sources in this repository.</summary>
public class ElectrodeProgramsTests
{
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Threading; global using System.Threading.Tasks;";

    private static CSharpCompilation Sources()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Electrode.sln"))) directory = directory.Parent;
        Assert.NotNull(directory);
        var root = Path.Combine(directory!.FullName, "src", "Electrode.Programs");
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, parse, Path.Combine(root, "obj", "GlobalUsings.g.cs")));
        var compilation = TestPrograms.Compile("").RemoveAllSyntaxTrees().AddSyntaxTrees(trees);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
        return compilation;
    }

    private static byte[] Compile()
    {
        var result = CodeGenerator.Generate(TestPrograms.ModelOf(Sources(), "Dual BSD/GPL"));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Object!;
    }

    [KernelFact]
    public void The_electrode_fast_paths_compile_and_every_program_passes_the_verifier()
    {
        using var loaded = KernelPrograms.Load(Compile());

        Assert.True(loaded.Programs.Count >= 3, string.Join(", ", loaded.Programs.Select(p => p.Name)));
        Assert.All(loaded.Programs, p => Assert.True(p.Fd > 0));
    }

    [Fact]
    public void The_electrode_object_is_reproducible()
    {
        Assert.Equal(Compile(), Compile());
    }
}
