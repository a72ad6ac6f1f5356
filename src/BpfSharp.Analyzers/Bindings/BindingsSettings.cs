using Microsoft.CodeAnalysis.Diagnostics;

namespace BpfSharp.Compiler.Bindings;

/// <summary>The build properties the generator reads (made visible by the BpfSharp targets).</summary>
/// <param name="ObjectName">$(BpfSharpObjectName): the object's file name; null outside a BpfSharp build.</param>
/// <param name="BindingsName">$(BpfSharpBindingsName): the prefix of the generated classes; null for one taken from the object's name.</param>
internal sealed record BindingsSettings(string? ObjectName, string? BindingsName)
{
    public static BindingsSettings Read(AnalyzerConfigOptions options) =>
        new(Value(options, "build_property.BpfSharpObjectName"), Value(options, "build_property.BpfSharpBindingsName"));

    private static string? Value(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
