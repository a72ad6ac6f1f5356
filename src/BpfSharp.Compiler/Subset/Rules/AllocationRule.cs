using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>BPF0001: <c>new</c> of a class, arrays, anonymous objects, collection expressions.</summary>
internal sealed class AllocationRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        bool allocates = operation switch
        {
            IObjectCreationOperation creation => creation.Type is { IsReferenceType: true },
            ITypeParameterObjectCreationOperation creation => creation.Type is not { IsValueType: true },
            IArrayCreationOperation => true,
            IAnonymousObjectCreationOperation => true,
            ICollectionExpressionOperation collection => collection.Type is { IsReferenceType: true },
            _ => false,
        };
        if (allocates) context.Report(BpfDiagnostics.Allocation, operation.Syntax.GetLocation(), operation.Syntax.ToString());
    }
}
