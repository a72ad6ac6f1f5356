using Microsoft.CodeAnalysis.Diagnostics;

namespace BpfSharp.Compiler.Bindings;

/// <summary>The build properties the generator reads (made visible by the BpfSharp targets).</summary>
/// <param name="ObjectName">$(BpfSharpObjectName): the object's file name; null outside a BpfSharp build.</param>
internal sealed record BindingsSettings(string? ObjectName)
{
    public static BindingsSettings Read(AnalyzerConfigOptions options) =>
        new(options.TryGetValue("build_property.BpfSharpObjectName", out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null);
}
