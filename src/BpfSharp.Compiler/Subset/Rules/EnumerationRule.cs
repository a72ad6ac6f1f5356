using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>BPF0005: foreach and query expressions (LINQ method calls are reported by <see cref="CallRule"/>).</summary>
internal sealed class EnumerationRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        switch (operation)
        {
            case IForEachLoopOperation loop:
                var keyword = loop.Syntax is CommonForEachStatementSyntax statement
                    ? statement.ForEachKeyword.GetLocation()
                    : loop.Syntax.GetLocation();
                context.Report(BpfDiagnostics.Enumeration, keyword, "foreach");
                break;
            case ITranslatedQueryOperation query:
                context.Report(BpfDiagnostics.Enumeration, query.Syntax.GetFirstToken().GetLocation(), "query expression");
                break;
        }
    }
}
