using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>One rule of the subset: inspects each operation of a reachable method and reports what the kernel cannot run.</summary>
internal interface ISubsetRule
{
    /// <summary>Inspects <paramref name="operation"/>, reporting through <paramref name="context"/>.</summary>
    void Check(IOperation operation, MethodContext context);
}
