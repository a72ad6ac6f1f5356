using BpfSharp.Compiler.Bindings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BpfSharp.Analyzers.Tests;

/// <summary>Runs the bindings generator on small programs, with the build properties the BpfSharp targets pass.</summary>
internal static class GeneratorRuns
{
    /// <summary>
    /// The framework assemblies of this process and BpfSharp.Runtime; not the analyzer assembly, which carries its own copy
    /// of the runtime's map vocabulary (a program never references it: the compiler loads it as an analyzer).
    /// </summary>
    public static IReadOnlyList<MetadataReference> References { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) != "BpfSharp.Analyzers.dll")
            .Append(typeof(BpfSharp.XdpContext).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "Acme.Filter",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, $"Program{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(string objectName = "acme-filter.bpf.o") =>
        CSharpGeneratorDriver.Create(
            [new BindingsGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: new BuildProperties(new Dictionary<string, string>
            {
                ["build_property.BpfSharpObjectName"] = objectName,
            }),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once; the compilation with the generated source, and the run's result.</summary>
    public static (Compilation Output, GeneratorRunResult Result) Run(CSharpCompilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (output, driver.GetRunResult().Results.Single());
    }

    /// <summary>The text of the one generated file.</summary>
    public static string GeneratedText(GeneratorRunResult result) => result.GeneratedSources.Single().SourceText.ToString();

    private sealed class BuildProperties(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new([]);

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
