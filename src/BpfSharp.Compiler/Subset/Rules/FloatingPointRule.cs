using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// BPF0011: any float, double or decimal value, reported where it first appears in an expression (a literal, a field
/// read, a conversion to floating point), not again for each enclosing floating-point expression.
/// </summary>
internal sealed class FloatingPointRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        if (!IsFloatingPoint(operation.Type)) return;
        if (IsFloatingPoint(operation.Parent?.Type)) return;
        context.Report(BpfDiagnostics.FloatingPoint, operation.Syntax.GetLocation(), operation.Syntax.ToString(),
            operation.Type!.ToDisplayString());
    }

    /// <summary>True for float, double and decimal.</summary>
    public static bool IsFloatingPoint(ITypeSymbol? type) =>
        type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;
}
