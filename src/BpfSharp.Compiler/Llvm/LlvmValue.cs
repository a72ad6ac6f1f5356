namespace BpfSharp.Compiler.Llvm;

/// <summary>Values, their types and the attributes set on them: the calls the code generator makes on any <c>LLVMValueRef</c>.</summary>
internal static unsafe class LlvmValue
{
    /// <summary>The type of <paramref name="value"/>.</summary>
    public static nint TypeOf(nint value) => LlvmApi.LLVMTypeOf(value);

    /// <summary>The width in bits of an integer type.</summary>
    public static int IntWidth(nint integerType) => (int)LlvmApi.LLVMGetIntTypeWidth(integerType);

    /// <summary>The width in bits of an integer value's type.</summary>
    public static int WidthOf(nint integer) => IntWidth(TypeOf(integer));

    /// <summary>True when <paramref name="type"/> is an integer type.</summary>
    public static bool IsIntegerType(nint type) => LlvmApi.LLVMGetTypeKind(type) == IntegerTypeKind;

    /// <summary>A function type (never variadic).</summary>
    public static nint FunctionType(nint returnType, ReadOnlySpan<nint> parameters)
    {
        fixed (nint* p = parameters) return LlvmApi.LLVMFunctionType(returnType, p, (uint)parameters.Length, 0);
    }

    /// <summary>An array type of <paramref name="count"/> elements.</summary>
    public static nint ArrayType(nint elementType, ulong count) => LlvmApi.LLVMArrayType2(elementType, count);

    /// <summary>An integer constant; <paramref name="value"/>'s bits are truncated to the type's width.</summary>
    public static nint ConstInt(nint type, ulong value, bool signExtend = false) => LlvmApi.LLVMConstInt(type, value, signExtend ? 1 : 0);

    /// <summary>The zero (or null) of <paramref name="type"/>.</summary>
    public static nint ConstNull(nint type) => LlvmApi.LLVMConstNull(type);

    /// <summary>A constant integer reinterpreted as a pointer.</summary>
    public static nint ConstIntToPtr(nint value, nint pointerType) => LlvmApi.LLVMConstIntToPtr(value, pointerType);

    /// <summary>The value of an integer constant, or null when <paramref name="value"/> is not a constant.</summary>
    public static ulong? ConstantValue(nint value) =>
        LlvmApi.LLVMIsConstant(value) != 0 ? LlvmApi.LLVMConstIntGetZExtValue(value) : null;

    /// <summary>Sets the alignment of a global, an alloca, a load or a store.</summary>
    public static void SetAlignment(nint value, uint bytes) => LlvmApi.LLVMSetAlignment(value, bytes);

    /// <summary>The alignment of a global, an alloca, a load or a store.</summary>
    public static uint Alignment(nint value) => LlvmApi.LLVMGetAlignment(value);

    /// <summary>Marks a load or store volatile.</summary>
    public static void SetVolatile(nint memoryAccess) => LlvmApi.LLVMSetVolatile(memoryAccess, 1);

    /// <summary>Parameter <paramref name="index"/> of <paramref name="function"/>.</summary>
    public static nint Param(nint function, int index) => LlvmApi.LLVMGetParam(function, (uint)index);

    private const int IntegerTypeKind = 8;
}
