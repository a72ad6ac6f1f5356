using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// BPF0013: a static field read or written by a program is a <c>[Map]</c>, a <c>const</c>, or <c>static readonly</c>
/// configuration of an integer, bool or enum type declared in the program (recorded as a global for <c>.rodata</c>).
/// </summary>
internal sealed class StaticFieldRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        if (operation is not IFieldReferenceOperation { Field: { IsStatic: true, IsConst: false } field }) return;
        if (context.Runtime.HasMapAttribute(field)) return;
        if (IsConfiguration(field, context))
        {
            context.AddGlobal(field);
            return;
        }

        context.Report(BpfDiagnostics.StaticField, operation.Syntax.GetLocation(), field.ToDisplayString());
    }

    private static bool IsConfiguration(IFieldSymbol field, MethodContext context) =>
        field.IsReadOnly && context.IsInProgram(field) && IsConfigurationType(field.Type);

    /// <summary>Types a static readonly configuration value may have: integers, bool, char and enums.</summary>
    public static bool IsConfigurationType(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum
        || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char
            or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64;
}
