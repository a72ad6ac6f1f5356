using BpfSharp.Compiler.Bindings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpfSharp.Analyzers.Tests.Bindings;

public class IncrementalBindingsTests
{
    private static IncrementalStepRunReason OutputReason(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Single().Reason;

    private static IncrementalStepRunReason ModelReason(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().TrackedSteps[BindingsGenerator.ModelStep].Single().Outputs.Single().Reason;

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorRuns.Compile(Programs.Small, "namespace Acme.Filter; public static class Userspace { public static int Answer() => 41; }");
        return (GeneratorRuns.Driver().RunGenerators(compilation), compilation);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, int tree, string from, string to)
    {
        var old = compilation.SyntaxTrees.ElementAt(tree);
        return compilation.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(old.ToString().Replace(from, to))));
    }

    [Fact]
    public void An_edit_outside_the_programs_shape_reruns_the_model_but_not_the_output_step()
    {
        var (driver, compilation) = FirstRun();

        driver = driver.RunGenerators(Replace(compilation, 1, "41", "42"));

        Assert.Equal(IncrementalStepRunReason.Unchanged, ModelReason(driver));
        Assert.Equal(IncrementalStepRunReason.Cached, OutputReason(driver));
    }

    [Fact]
    public void Renaming_a_map_reruns_the_output_step()
    {
        var (driver, compilation) = FirstRun();

        driver = driver.RunGenerators(Replace(compilation, 0, "Counters", "Tallies"));

        Assert.Equal(IncrementalStepRunReason.Modified, ModelReason(driver));
        Assert.Equal(IncrementalStepRunReason.Modified, OutputReason(driver));
        Assert.Contains("Tallies", driver.GetRunResult().GeneratedTrees.Single().ToString());
    }
}
