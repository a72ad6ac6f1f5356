using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>BPF0008: a value type converted to object, an interface or another reference type.</summary>
internal sealed class BoxingRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        if (operation is not IConversionOperation conversion || conversion.Operand.Type is null) return;
        if (!conversion.GetConversion().IsBoxing) return;
        context.Report(BpfDiagnostics.Boxing, conversion.Operand.Syntax.GetLocation(),
            TypeDisplay.Of(conversion.Operand.Type), TypeDisplay.Of(conversion.Type));
    }
}
