using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// How C# types appear in LLVM IR. Scalars (integers, enums, bool, pointers, program contexts) are SSA values; a bool
/// is <c>i1</c> in SSA and one byte in memory. Structs live in memory: an expression of struct type lowers to the
/// address of its bytes, and fields are reached by byte offsets from <see cref="StructLayouts"/>.
/// </summary>
internal sealed class TypeLowering
{
    public TypeLowering(LlvmContext context, StructLayouts layouts)
    {
        Layouts = layouts;
        I1 = context.IntType(1);
        I8 = context.IntType(8);
        I16 = context.IntType(16);
        I32 = context.IntType(32);
        I64 = context.IntType(64);
        Ptr = context.PointerType();
        Void = context.VoidType();
        ByteSpan = context.StructType([Ptr, I32]);
    }

    public StructLayouts Layouts { get; }
    public nint I1 { get; }
    public nint I8 { get; }
    public nint I16 { get; }
    public nint I32 { get; }
    public nint I64 { get; }
    public nint Ptr { get; }
    public nint Void { get; }

    /// <summary><c>{ ptr, i32 }</c>: a <c>ReadOnlySpan&lt;byte&gt;</c> over a <c>u8</c> literal, as an SSA value.</summary>
    public nint ByteSpan { get; }

    /// <summary>True for types that live in memory (user structs), false for SSA scalars.</summary>
    public static bool IsStruct(ITypeSymbol type) =>
        GenericInstanceScope.Resolve(type) is INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } resolved
        && !RuntimeSurface.IsContext(resolved) && !RuntimeSurface.IsByteSpan(resolved);

    public static bool IsBool(ITypeSymbol type) => GenericInstanceScope.Resolve(type).SpecialType == SpecialType.System_Boolean;

    public static bool IsPointer(ITypeSymbol type) => type is IPointerTypeSymbol;

    public static ITypeSymbol Underlying(ITypeSymbol type) =>
        GenericInstanceScope.Resolve(type) is var resolved && resolved is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } u } ? u : resolved;

    public static bool IsSigned(ITypeSymbol type) => Underlying(type).SpecialType is SpecialType.System_SByte or SpecialType.System_Int16
        or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_IntPtr;

    public static bool IsInteger(ITypeSymbol type) => Underlying(type).SpecialType is SpecialType.System_SByte or SpecialType.System_Byte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char or SpecialType.System_Int32
        or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_IntPtr
        or SpecialType.System_UIntPtr;

    /// <summary>The SSA type of a scalar; throws for types the code generator cannot hold in a register.</summary>
    public nint Scalar(ITypeSymbol type)
    {
        if (IsBool(type)) return I1;
        if (IsPointer(type) || RuntimeSurface.IsContext(type)) return Ptr;
        if (RuntimeSurface.IsByteSpan(type)) return ByteSpan;
        if (IsInteger(type)) return IntOfSize(Layouts.SizeOf(Underlying(type)));
        throw new UnsupportedConstructException($"values of type {type.ToDisplayString()}");
    }

    /// <summary>The type a scalar has in memory (a bool is a byte there).</summary>
    public nint Memory(ITypeSymbol type) => IsBool(type) ? I8 : Scalar(type);

    public nint IntOfSize(int bytes) => bytes switch
    {
        1 => I8,
        2 => I16,
        4 => I32,
        8 => I64,
        _ => throw new UnsupportedConstructException($"an integer of {bytes} bytes"),
    };

    public nint ConstInt(nint type, long value) => LlvmValue.ConstInt(type, unchecked((ulong)value), signExtend: true);
    public nint ConstI64(long value) => ConstInt(I64, value);
    public nint ConstI32(int value) => ConstInt(I32, value);
    public nint Null => LlvmValue.ConstNull(Ptr);
    public nint True => LlvmValue.ConstInt(I1, 1);
    public nint False => LlvmValue.ConstInt(I1, 0);
}
