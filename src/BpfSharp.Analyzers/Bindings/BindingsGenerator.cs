using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Bindings;

// Compiled twice: into BpfSharp.Analyzers (netstandard2.0), the assembly the C# compiler loads, and into the command-line
// compiler (net10.0), which runs it on a program assembly whose own code uses its bindings; there these rules cannot be met.
#pragma warning disable RS1036, RS1041

/// <summary>
/// Generates typed userspace bindings of a program assembly's object, as <c>bpftool gen skeleton</c> does for C: an
/// <c>{Prefix}Object</c> that opens the object and sets its configuration before load, and an <c>{Prefix}Skeleton</c>
/// whose <c>Maps</c> and <c>Programs</c> are the loaded object's maps (typed as the program declared them) and programs.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BindingsGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that reads the program into the bindings model.</summary>
    public const string ModelStep = "BpfSharpBindingsModel";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var settings = context.AnalyzerConfigOptionsProvider.Select((options, _) => BindingsSettings.Read(options.GlobalOptions));
        var model = context.CompilationProvider
            .Combine(settings)
            .Select((input, cancellation) => BindingsModelBuilder.Build(input.Left, input.Right, cancellation))
            .WithTrackingName(ModelStep);
        context.RegisterSourceOutput(model, Emit);
    }

    private static void Emit(SourceProductionContext context, BindingsModel? model)
    {
        if (model is null) return;
        foreach (var problem in model.Problems)
        {
            var diagnostic = problem.Id == BindingDiagnostics.UntypedMap.Id
                ? Diagnostic.Create(BindingDiagnostics.UntypedMap, problem.Location, problem.Field, problem.Type)
                : Diagnostic.Create(BindingDiagnostics.UntypedVariable, problem.Location, problem.Field, problem.BoundAs, problem.Type);
            context.ReportDiagnostic(diagnostic);
        }
        context.AddSource(model.Prefix + "Bindings.g.cs", BindingsWriter.Write(model));
    }
}
