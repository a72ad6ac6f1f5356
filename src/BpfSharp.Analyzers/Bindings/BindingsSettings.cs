using Microsoft.CodeAnalysis.Diagnostics;

namespace BpfSharp.Compiler.Bindings;

/// <summary>The build properties the generator reads (made visible by the BpfSharp targets).</summary>
/// <param name="ObjectName">$(BpfSharpObjectName): the object's file name; null outside a BpfSharp build.</param>
/// <param name="BindingsName">$(BpfSharpBindingsName): the prefix of the generated classes; null for one taken from the object's name.</param>
internal sealed record BindingsSettings(string? ObjectName, string? BindingsName)
{
    /// <summary>The analyzer-config key of $(BpfSharpObjectName).</summary>
    public const string ObjectNameProperty = "build_property.BpfSharpObjectName";

    /// <summary>The analyzer-config key of $(BpfSharpBindingsName).</summary>
    public const string BindingsNameProperty = "build_property.BpfSharpBindingsName";

    public static BindingsSettings Read(AnalyzerConfigOptions options) =>
        new(Value(options, ObjectNameProperty), Value(options, BindingsNameProperty));

    private static string? Value(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
