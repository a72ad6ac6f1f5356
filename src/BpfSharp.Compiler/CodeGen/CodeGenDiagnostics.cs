using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>Diagnostics of the code generator.</summary>
// RS2008 asks analyzer assemblies to track rule releases; these descriptors are reported by the compiler, not an analyzer.
#pragma warning disable RS2008
public static class CodeGenDiagnostics
{
    /// <summary>BPF9001: a construct the code generator cannot lower, at its C# location.</summary>
    public static readonly DiagnosticDescriptor Unsupported = new(
        "BPF9001", "Not supported by the code generator", "not supported by the code generator: {0}",
        "BpfSharp.CodeGen", DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>BPF9000: the code generator or LLVM failed on a program it accepted; a bug to report with the program.</summary>
    public static readonly DiagnosticDescriptor Internal = Subset.BpfDiagnostics.InternalError;
}
#pragma warning restore RS2008
