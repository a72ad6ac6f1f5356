using System.Reflection;
using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// BPF0015: a method compiled as a real BPF-to-BPF call ([MethodImpl(MethodImplOptions.NoInlining)]) receives its
/// arguments in R1 to R5 only. Counted as the code generator passes them: a struct result through a hidden pointer,
/// 'this' of an instance method, then one register per parameter (structs and ref parameters as pointers).
/// </summary>
internal static class CallArgumentRule
{
    /// <summary>Registers BPF passes call arguments in.</summary>
    public const int MaxArguments = 5;

    /// <summary>Checks the signature of a reachable method.</summary>
    public static void CheckSignature(IMethodSymbol method, MethodContext context)
    {
        if ((method.MethodImplementationFlags & MethodImplAttributes.NoInlining) == 0) return;
        var hidden = new List<string>();
        if (!method.ReturnsVoid && !method.ReturnsByRef && method.ReturnType.TypeKind == TypeKind.Struct && method.ReturnType.SpecialType == SpecialType.None)
            hidden.Add("the struct result's address");
        if (!method.IsStatic) hidden.Add("'this'");
        int count = method.Parameters.Length + hidden.Count;
        if (count <= MaxArguments) return;
        string including = hidden.Count == 0 ? "" : " (counting " + string.Join(" and ", hidden) + ")";
        context.Report(BpfDiagnostics.TooManyArguments, method.Locations.FirstOrDefault() ?? Location.None,
            method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), count, including);
    }
}
