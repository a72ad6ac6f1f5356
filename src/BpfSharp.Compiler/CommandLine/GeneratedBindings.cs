using BpfSharp.Compiler.Bindings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// The typed bindings the C# build generates into a program assembly (<see cref="BindingsGenerator"/>), added to the
/// compiler's own compilation of <c>@(Compile)</c>, which runs no generators: without them, userspace code of the program
/// assembly that uses its bindings (<c>ElectrodeFaultsSkeleton</c> in Electrode.Faults) would not compile here.
/// </summary>
internal static class GeneratedBindings
{
    /// <summary>
    /// <paramref name="compilation"/> with the bindings added, or null when the generator writes none (no valid program:
    /// the front end reports why).
    /// </summary>
    public static CSharpCompilation? AddTo(CSharpCompilation compilation, BindingsSettings settings)
    {
        var driver = CSharpGeneratorDriver.Create(
            [new BindingsGenerator().AsSourceGenerator()],
            parseOptions: (CSharpParseOptions?)compilation.SyntaxTrees.FirstOrDefault()?.Options,
            optionsProvider: new BuildProperties(settings));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output.SyntaxTrees.Count() > compilation.SyntaxTrees.Length ? (CSharpCompilation)output : null;
    }

    /// <summary>The build properties the generator reads, as the BpfSharp targets make them visible to the C# compiler.</summary>
    private sealed class BuildProperties(BindingsSettings settings) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Properties(settings);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Properties.None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Properties.None;

        private sealed class Properties(BindingsSettings? settings) : AnalyzerConfigOptions
        {
            public static readonly Properties None = new(null);

            public override bool TryGetValue(string key, out string value)
            {
                value = key switch
                {
                    BindingsSettings.ObjectNameProperty => settings?.ObjectName,
                    BindingsSettings.BindingsNameProperty => settings?.BindingsName,
                    _ => null,
                } ?? "";
                return value.Length > 0;
            }
        }
    }
}
