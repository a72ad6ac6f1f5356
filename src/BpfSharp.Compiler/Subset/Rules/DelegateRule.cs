using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// BPF0004: lambdas, anonymous methods, method groups turned into delegates, delegate invocation and local functions
/// (which capture their enclosing scope; a private static method does the same job).
/// </summary>
internal sealed class DelegateRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation:
            case IDelegateCreationOperation { Target: not IAnonymousFunctionOperation }:
            case IFunctionPointerInvocationOperation:
            case IMethodReferenceOperation { Parent: not IDelegateCreationOperation }:
                context.Report(BpfDiagnostics.Delegates, FirstLine(operation), Describe(operation));
                break;
            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke }:
                context.Report(BpfDiagnostics.Delegates, operation.Syntax.GetLocation(), Describe(operation));
                break;
            case ILocalFunctionOperation local:
                context.Report(BpfDiagnostics.Delegates, local.Symbol.Locations[0], "local function " + local.Symbol.Name);
                break;
        }
    }

    private static Location FirstLine(IOperation operation) => operation.Syntax.GetFirstToken().GetLocation();

    private static string Describe(IOperation operation)
    {
        string text = operation.Syntax.ToString();
        int newline = text.IndexOf('\n');
        return newline < 0 ? text : text[..newline].TrimEnd() + " ...";
    }
}
