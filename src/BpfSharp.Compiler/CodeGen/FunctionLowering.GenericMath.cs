using BpfSharp.Compiler.Subset.Generics;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Generic math inside an instance of a generic method: an operator of <c>INumber&lt;T&gt;</c> and its kin applied to a
/// type parameter is the built-in operator of the instance's type argument, which the subset check has proved an integer.
/// </summary>
internal sealed partial class FunctionLowering
{
    /// <summary>True for an operator method the code generator would have to call: neither built in nor generic math.</summary>
    private static bool IsUserDefined(IMethodSymbol? operatorMethod) =>
        operatorMethod != null && !GenericInstances.IsStaticAbstract(operatorMethod);
}
