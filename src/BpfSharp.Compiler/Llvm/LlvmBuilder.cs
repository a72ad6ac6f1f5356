namespace BpfSharp.Compiler.Llvm;

/// <summary>An owned <c>LLVMBuilderRef</c> with the instructions the code generator emits.</summary>
internal sealed unsafe class LlvmBuilder : IDisposable
{
    /// <summary>The empty C string LLVM takes as "no name" for an instruction; one allocation for the process.</summary>
    private static readonly byte* NoName = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1);

    public LlvmBuilder(LlvmContext context) => Handle = LlvmApi.LLVMCreateBuilderInContext(context.Handle);

    public nint Handle { get; private set; }


    public void PositionAtEnd(nint block) => LlvmApi.LLVMPositionBuilderAtEnd(Handle, block);
    public void SetDebugLocation(nint location) => LlvmApi.LLVMSetCurrentDebugLocation2(Handle, location);

    public nint Alloca(nint type) => LlvmApi.LLVMBuildAlloca(Handle, type, NoName);
    public nint Load(nint type, nint pointer) => LlvmApi.LLVMBuildLoad2(Handle, type, pointer, NoName);
    public nint Store(nint value, nint pointer) => LlvmApi.LLVMBuildStore(Handle, value, pointer);

    public nint Gep(nint elementType, nint pointer, nint index) => LlvmApi.LLVMBuildGEP2(Handle, elementType, pointer, &index, 1, NoName);

    public nint Add(nint a, nint b) => LlvmApi.LLVMBuildAdd(Handle, a, b, NoName);
    public nint Sub(nint a, nint b) => LlvmApi.LLVMBuildSub(Handle, a, b, NoName);
    public nint Mul(nint a, nint b) => LlvmApi.LLVMBuildMul(Handle, a, b, NoName);
    public nint UDiv(nint a, nint b) => LlvmApi.LLVMBuildUDiv(Handle, a, b, NoName);
    public nint URem(nint a, nint b) => LlvmApi.LLVMBuildURem(Handle, a, b, NoName);
    public nint And(nint a, nint b) => LlvmApi.LLVMBuildAnd(Handle, a, b, NoName);
    public nint Or(nint a, nint b) => LlvmApi.LLVMBuildOr(Handle, a, b, NoName);
    public nint Xor(nint a, nint b) => LlvmApi.LLVMBuildXor(Handle, a, b, NoName);
    public nint Shl(nint a, nint b) => LlvmApi.LLVMBuildShl(Handle, a, b, NoName);
    public nint LShr(nint a, nint b) => LlvmApi.LLVMBuildLShr(Handle, a, b, NoName);
    public nint AShr(nint a, nint b) => LlvmApi.LLVMBuildAShr(Handle, a, b, NoName);
    public nint Neg(nint a) => LlvmApi.LLVMBuildNeg(Handle, a, NoName);
    public nint Not(nint a) => LlvmApi.LLVMBuildNot(Handle, a, NoName);
    public nint ICmp(IntPredicate predicate, nint a, nint b) => LlvmApi.LLVMBuildICmp(Handle, (int)predicate, a, b, NoName);
    public nint ZExt(nint value, nint type) => LlvmApi.LLVMBuildZExt(Handle, value, type, NoName);
    public nint SExt(nint value, nint type) => LlvmApi.LLVMBuildSExt(Handle, value, type, NoName);
    public nint Trunc(nint value, nint type) => LlvmApi.LLVMBuildTrunc(Handle, value, type, NoName);
    public nint IntToPtr(nint value, nint type) => LlvmApi.LLVMBuildIntToPtr(Handle, value, type, NoName);
    public nint PtrToInt(nint value, nint type) => LlvmApi.LLVMBuildPtrToInt(Handle, value, type, NoName);
    public nint ExtractValue(nint aggregate, uint index) => LlvmApi.LLVMBuildExtractValue(Handle, aggregate, index, NoName);
    public nint Select(nint condition, nint then, nint otherwise) => LlvmApi.LLVMBuildSelect(Handle, condition, then, otherwise, NoName);
    public nint Br(nint block) => LlvmApi.LLVMBuildBr(Handle, block);
    public nint CondBr(nint condition, nint then, nint otherwise) => LlvmApi.LLVMBuildCondBr(Handle, condition, then, otherwise);
    public nint Ret(nint value) => LlvmApi.LLVMBuildRet(Handle, value);
    public nint RetVoid() => LlvmApi.LLVMBuildRetVoid(Handle);
    public nint Unreachable() => LlvmApi.LLVMBuildUnreachable(Handle);
    public nint MemSet(nint pointer, nint value, nint length, uint align) => LlvmApi.LLVMBuildMemSet(Handle, pointer, value, length, align);
    public nint MemCpy(nint destination, uint destinationAlign, nint source, uint sourceAlign, nint length) =>
        LlvmApi.LLVMBuildMemCpy(Handle, destination, destinationAlign, source, sourceAlign, length);

    /// <summary>A sequentially consistent <c>atomicrmw</c> (the ordering of .NET's <c>Interlocked</c>); returns the old value.</summary>
    public nint AtomicRmw(AtomicRmwOperation operation, nint pointer, nint value) =>
        LlvmApi.LLVMBuildAtomicRMW(Handle, (int)operation, pointer, value, SequentiallyConsistent, singleThread: 0);

    /// <summary>A sequentially consistent <c>cmpxchg</c>; returns <c>{ old value, success }</c>.</summary>
    public nint AtomicCmpXchg(nint pointer, nint comparand, nint value) =>
        LlvmApi.LLVMBuildAtomicCmpXchg(Handle, pointer, comparand, value, SequentiallyConsistent, SequentiallyConsistent, singleThread: 0);

    /// <summary>
    /// <c>asm("" : "+r"(value))</c>, the kernel's <c>barrier_var</c>: no instruction, but the value comes out of a register
    /// of its full width that no optimisation can see into, so nothing computed from it can be narrowed or folded back
    /// into what it was computed from.
    /// </summary>
    public nint OpaqueRegister(nint value)
    {
        var type = LlvmApi.LLVMTypeOf(value);
        var functionType = LlvmValue.FunctionType(type, [type]);
        ReadOnlySpan<byte> constraints = "=r,0"u8;
        nint asm;
        fixed (byte* c = constraints)
            asm = LlvmApi.LLVMGetInlineAsm(functionType, NoName, 0, c, (nuint)constraints.Length, hasSideEffects: 0, isAlignStack: 0, dialect: 0, canThrow: 0);
        return Call(functionType, asm, [value]);
    }

    /// <summary>
    /// The BPF instruction <c>left /= right</c> (or <c>%=</c> when <paramref name="remainder"/>) on 32- or 64-bit unsigned
    /// integers, with the instruction set's result for a zero divisor (<c>x / 0 == 0</c>, <c>x % 0 == x</c>). LLVM's
    /// <c>udiv</c> and <c>urem</c> make a zero divisor undefined, so guarding them costs a branch on the divisor (BPF has no
    /// conditional move), and the verifier then walks everything after the division once per side of that branch.
    /// </summary>
    public nint BpfUnsignedDivision(nint left, nint right, bool remainder)
    {
        var type = LlvmApi.LLVMTypeOf(left);
        var register = LlvmValue.IntWidth(type) switch
        {
            32 => "w",
            64 => "r",
            var width => throw new ArgumentException($"BPF divides 32- and 64-bit integers, not {width}-bit ones", nameof(left)),
        };
        var functionType = LlvmValue.FunctionType(type, [type, type]);
        var text = System.Text.Encoding.ASCII.GetBytes(remainder ? "$0 %= $2" : "$0 /= $2");
        var constraints = System.Text.Encoding.ASCII.GetBytes($"={register},0,{register}");
        nint asm;
        fixed (byte* t = text)
        fixed (byte* c = constraints)
            asm = LlvmApi.LLVMGetInlineAsm(functionType, t, (nuint)text.Length, c, (nuint)constraints.Length, hasSideEffects: 0, isAlignStack: 0, dialect: 0, canThrow: 0);
        return Call(functionType, asm, [left, right]);
    }

    private const int SequentiallyConsistent = 7;

    public nint Call(nint functionType, nint function, ReadOnlySpan<nint> arguments)
    {
        fixed (nint* args = arguments)
            return LlvmApi.LLVMBuildCall2(Handle, functionType, function, args, (uint)arguments.Length, NoName);
    }

    public void Dispose()
    {
        if (Handle == 0) return;
        LlvmApi.LLVMDisposeBuilder(Handle);
        Handle = 0;
    }
}

/// <summary><c>LLVMIntPredicate</c>.</summary>
internal enum IntPredicate
{
    Eq = 32,
    Ne = 33,
    Ugt = 34,
    Uge = 35,
    Ult = 36,
    Ule = 37,
    Sgt = 38,
    Sge = 39,
    Slt = 40,
    Sle = 41,
}

/// <summary><c>LLVMAtomicRMWBinOp</c> values the code generator uses.</summary>
internal enum AtomicRmwOperation
{
    Xchg = 0,
    Add = 1,
    Sub = 2,
    And = 3,
    Or = 5,
}

/// <summary><c>LLVMLinkage</c> values the code generator uses.</summary>
internal enum LlvmLinkage
{
    Internal = 8,
    Private = 9,
}
