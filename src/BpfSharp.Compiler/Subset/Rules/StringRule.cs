using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// BPF0002: any string value (literal, interpolation, concatenation, string-typed call). Reported where a string first
/// appears in an expression, not again for each enclosing string expression; u8 literals have span type and pass.
/// </summary>
internal sealed class StringRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        if (operation.Type?.SpecialType != SpecialType.System_String) return;
        if (operation is IObjectCreationOperation) return;
        if (operation.Parent?.Type?.SpecialType == SpecialType.System_String) return;
        context.Report(BpfDiagnostics.String, operation.Syntax.GetLocation());
    }
}
