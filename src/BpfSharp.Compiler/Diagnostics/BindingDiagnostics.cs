using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Diagnostics;

/// <summary>
/// Warnings of the typed-bindings generator (BPF03xx): a field whose type the generated bindings cannot name. The object
/// is not affected; only the binding loses its type.
/// </summary>
public static class BindingDiagnostics
{
    private const string BindingsCategory = "BpfSharp.Bindings";

    /// <summary>BPF0300: a map whose key or value type the bindings cannot name.</summary>
    public static readonly DiagnosticDescriptor UntypedMap = new(
        "BPF0300", "Map bound without its types", "Map '{0}' is bound as an untyped BpfMapHandle: its type '{1}' is not visible outside its class",
        BindingsCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Make the map's key and value types internal or public so that the generated bindings can offer a typed map.",
        helpLinkUri: BpfDiagnostics.HelpLink("BPF0300"));

    /// <summary>BPF0301: a configuration variable whose type the bindings cannot name.</summary>
    public static readonly DiagnosticDescriptor UntypedVariable = new(
        "BPF0301", "Configuration variable bound by its underlying type", "Configuration variable '{0}' is bound as '{1}': its type '{2}' is not visible outside its class",
        BindingsCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Make the variable's enum type internal or public so that the generated bindings can offer it by that type.",
        helpLinkUri: BpfDiagnostics.HelpLink("BPF0301"));
}
