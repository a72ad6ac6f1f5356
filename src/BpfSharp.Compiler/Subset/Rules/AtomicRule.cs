using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// BPF0014: an <c>Interlocked</c> call of the surface that the kernel cannot perform as a BPF atomic instruction. BPF
/// atomics are 32 or 64 bits wide; the location must be memory other runs of the program can reach, so not a local or
/// a by-value parameter (the stack of one run); and the verifier refuses atomics on packet memory, recognised here
/// when the pointer comes straight from the context (<c>Data</c>, <c>Header&lt;T&gt;</c>), possibly through a local
/// initialised with it.
/// </summary>
internal sealed class AtomicRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        if (operation is not IInvocationOperation invocation || !RuntimeSurface.IsAtomic(invocation.TargetMethod)) return;
        var method = invocation.TargetMethod;
        string name = "Interlocked." + method.Name;
        var location = invocation.Syntax.GetLocation();
        var type = method.Parameters[0].Type;
        if (type.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64))
        {
            context.Report(BpfDiagnostics.Atomic, location, name,
                $"works on '{TypeDisplay.Of(type)}', and BPF atomic instructions are 32 or 64 bits wide; widen the field to int, uint, long or ulong");
            return;
        }

        var target = invocation.Arguments.Single(a => a.Parameter!.Ordinal == 0).Value;
        var root = RootOf(target);
        if (root is ILocalReferenceOperation { Local.RefKind: RefKind.None } or IParameterReferenceOperation { Parameter.RefKind: RefKind.None })
            context.Report(BpfDiagnostics.Atomic, location, name,
                "works on a local, which lives on the stack of one run of the program: no other run can race with it, so write plain arithmetic");
        else if (root is { Kind: OperationKind.None } && root.ChildOperations.FirstOrDefault() is { } pointer && IsPacketPointer(pointer, context, 0))
            context.Report(BpfDiagnostics.Atomic, location, name,
                "works on packet memory, where the verifier refuses atomic instructions; count in a map value instead");
    }

    /// <summary>The storage a reference is part of: a field's instance, followed down to a local, parameter or pointer dereference.</summary>
    private static IOperation RootOf(IOperation reference)
    {
        while (reference is IFieldReferenceOperation { Field.IsStatic: false, Instance: { } instance })
            reference = instance;
        return reference;
    }

    /// <summary>
    /// Whether <paramref name="pointer"/> is the context's packet: its <c>Data</c>, a <c>Header&lt;T&gt;</c>, either moved by
    /// pointer arithmetic or converted, or a local initialised with one of those.
    /// </summary>
    private static bool IsPacketPointer(IOperation pointer, MethodContext context, int depth)
    {
        switch (pointer)
        {
            case IConversionOperation conversion:
                return IsPacketPointer(conversion.Operand, context, depth);
            case IBinaryOperation binary:
                return IsPacketPointer(binary.LeftOperand, context, depth) || IsPacketPointer(binary.RightOperand, context, depth);
            case IInvocationOperation invocation:
                return RuntimeSurface.Find(invocation.TargetMethod) is Intrinsic.Header;
            case IPropertyReferenceOperation property:
                return RuntimeSurface.Find(property.Property) is Intrinsic.XdpData or Intrinsic.SkbData;
            case ILocalReferenceOperation local when depth < 4:
                foreach (var reference in local.Local.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value }) continue;
                    var initializer = context.Compilation.GetSemanticModel(value.SyntaxTree).GetOperation(value);
                    if (initializer is not null && IsPacketPointer(initializer, context, depth + 1)) return true;
                }
                return false;
            default:
                return false;
        }
    }
}
