using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Names an expression the code generator cannot lower as a C# programmer knows it, with what to write instead; never
/// by Roslyn's internal operation kinds.
/// </summary>
internal static class CSharpConstructs
{
    /// <summary>The C# name of <paramref name="operation"/>'s construct and its replacement in the subset.</summary>
    public static string Describe(IOperation operation) => operation switch
    {
        IAnonymousFunctionOperation or IFlowAnonymousFunctionOperation => "lambdas and anonymous methods (write a private static method)",
        IArrayCreationOperation or IArrayElementReferenceOperation => "arrays (use a fixed buffer or a map)",
        IInterpolatedStringOperation => "strings (compare bytes with a u8 literal)",
        ILiteralOperation { Type.SpecialType: SpecialType.System_String } => "strings (compare bytes with a u8 literal)",
        IThrowOperation => "throwing an exception (return a verdict or an error code)",
        ITupleOperation => $"the tuple {operation.Syntax} used as a value (deconstruct it at once, or declare a struct)",
        IDeconstructionAssignmentOperation => $"the deconstruction {operation.Syntax} (assign each variable on its own line)",
        ITypeOfOperation => "typeof (types exist only at compile time in a BPF program)",
        INameOfOperation => "nameof (strings are not available)",
        ICoalesceOperation or ICoalesceAssignmentOperation => $"the ?? operator in {operation.Syntax} (test against null with if)",
        IConditionalAccessOperation or IConditionalAccessInstanceOperation => $"the ?. operator in {operation.Syntax} (test against null with if)",
        IRangeOperation => "ranges (index the elements in a bounded for-loop)",
        IWithOperation => $"the with expression {operation.Syntax} (copy the struct to a local and assign its fields)",
        IAwaitOperation => "await (a BPF program runs to completion at once)",
        IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation
            => "dynamic (give the value its static type)",
        ISwitchExpressionOperation => $"the switch expression {operation.Syntax} (write a switch statement)",
        IIsTypeOperation => $"the type test {operation.Syntax} (types are known at compile time; compare fields instead)",
        ISizeOfOperation => $"sizeof of {operation.Syntax}",
        IAddressOfOperation => $"taking the address in {operation.Syntax} (take the address of a local, a field or a pointer's target)",
        IInstanceReferenceOperation => "this outside a struct method",
        IArgumentOperation => $"the argument {operation.Syntax}",
        _ => $"the expression {operation.Syntax}",
    };
}
