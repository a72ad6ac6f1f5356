using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// BPF0003: throw, try/catch/finally, using/lock (try/finally underneath), and checked arithmetic and conversions,
/// which throw OverflowException.
/// </summary>
internal sealed class ExceptionRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        string? construct = operation switch
        {
            IThrowOperation => "throw",
            ITryOperation => "try",
            IUsingOperation => "using",
            IUsingDeclarationOperation => "using",
            ILockOperation => "lock",
            IBinaryOperation { IsChecked: true } => "checked arithmetic",
            IUnaryOperation { IsChecked: true } => "checked arithmetic",
            IIncrementOrDecrementOperation { IsChecked: true } => "checked arithmetic",
            ICompoundAssignmentOperation { IsChecked: true } => "checked arithmetic",
            IConversionOperation { IsChecked: true } => "checked conversion",
            _ => null,
        };
        if (construct is not null) context.Report(BpfDiagnostics.Exceptions, Anchor(operation), construct);
    }

    /// <summary>The keyword's location, so that the diagnostic points at one line rather than a whole block.</summary>
    private static Location Anchor(IOperation operation) =>
        operation.Syntax.GetFirstToken().GetLocation();
}
