using System.Reflection;
using System.Runtime.Versioning;
using BpfSharp.Compiler.Bindings;

namespace BpfSharp.Analyzers.Tests;

public class AnalyzerAssemblyTests
{
    private static readonly Assembly Analyzers = typeof(BindingsGenerator).Assembly;

    [Fact]
    public void The_analyzer_assembly_targets_netstandard_2_0_as_every_csharp_compiler_host_requires()
    {
        Assert.Equal(".NETStandard,Version=v2.0", Analyzers.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
    }

    [Fact]
    public void The_analyzer_assembly_references_no_roslyn_newer_than_4_11_so_the_sdk_compiler_loads_it()
    {
        // A newer reference than the running compiler makes it refuse the analyzer (CS9057) and drop every BPF diagnostic.
        var roslyn = Analyzers.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(roslyn);
        Assert.All(roslyn, reference => Assert.True(reference.Version <= new Version(4, 11, 0, 0), $"{reference.Name} {reference.Version}"));
    }

    [Fact]
    public void The_code_fix_assembly_targets_netstandard_2_0_and_references_no_roslyn_newer_than_4_11_so_every_ide_loads_it()
    {
        var codeFixes = typeof(BpfSharp.Analyzers.CodeFixes.MapFieldCodeFix).Assembly;
        var roslyn = codeFixes.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)).ToList();

        Assert.Equal(".NETStandard,Version=v2.0", codeFixes.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
        Assert.Contains(roslyn, reference => reference.Name == "Microsoft.CodeAnalysis.Workspaces");
        Assert.All(roslyn, reference => Assert.True(reference.Version <= new Version(4, 11, 0, 0), $"{reference.Name} {reference.Version}"));
    }

    [Fact]
    public void The_analyzer_assembly_references_no_workspaces_which_the_command_line_compiler_does_not_carry()
    {
        Assert.DoesNotContain(Analyzers.GetReferencedAssemblies(), reference => reference.Name!.Contains("Workspaces", StringComparison.Ordinal));
    }
}
