using System.Text;

namespace BpfSharp.Compiler.Llvm;

/// <summary>An owned <c>LLVMDIBuilderRef</c>: the DWARF from which the BPF back end derives BTF and line info.</summary>
internal sealed unsafe class LlvmDIBuilder : IDisposable
{
    /// <summary><c>LLVMDWARFSourceLanguage</c> is an index into the C API enum; C99 is 11.</summary>
    private const int LanguageC99 = 11;
    private const int EmissionFull = 1;
    private const uint TagStructure = 0x13;

    public LlvmDIBuilder(LlvmModule module) => Handle = LlvmApi.LLVMCreateDIBuilder(module.Handle);

    public nint Handle { get; private set; }

    public nint CreateFile(string name, string directory)
    {
        var n = Encoding.UTF8.GetBytes(name);
        var d = Encoding.UTF8.GetBytes(directory);
        fixed (byte* np = n) fixed (byte* dp = d)
            return LlvmApi.LLVMDIBuilderCreateFile(Handle, np, (nuint)n.Length, dp, (nuint)d.Length);
    }

    public nint CreateCompileUnit(nint file, string producer)
    {
        var p = Encoding.UTF8.GetBytes(producer);
        fixed (byte* pp = p)
            return LlvmApi.LLVMDIBuilderCreateCompileUnit(Handle, LanguageC99, file, pp, (nuint)p.Length, 1, null, 0, 0, null, 0,
                EmissionFull, 0, 0, 0, null, 0, null, 0);
    }

    public nint CreateFunction(nint scope, string name, string linkageName, nint file, uint line, nint type, bool localToUnit)
    {
        var n = Encoding.UTF8.GetBytes(name);
        var l = Encoding.UTF8.GetBytes(linkageName);
        const int flagsPrototyped = 1 << 8;
        fixed (byte* np = n) fixed (byte* lp = l)
            return LlvmApi.LLVMDIBuilderCreateFunction(Handle, scope, np, (nuint)n.Length, lp, (nuint)l.Length, file, line, type,
                localToUnit ? 1 : 0, 1, line, flagsPrototyped, 1);
    }

    /// <summary>A subroutine type; the first element is the return type (0 for void).</summary>
    public nint CreateSubroutineType(nint file, ReadOnlySpan<nint> returnThenParameters)
    {
        fixed (nint* types = returnThenParameters)
            return LlvmApi.LLVMDIBuilderCreateSubroutineType(Handle, file, types, (uint)returnThenParameters.Length, 0);
    }

    public nint CreateBasicType(string name, ulong sizeInBits, DwarfEncoding encoding)
    {
        var n = Encoding.UTF8.GetBytes(name);
        fixed (byte* np = n) return LlvmApi.LLVMDIBuilderCreateBasicType(Handle, np, (nuint)n.Length, sizeInBits, (uint)encoding, 0);
    }

    public nint CreatePointerType(nint pointee) => LlvmApi.LLVMDIBuilderCreatePointerType(Handle, pointee, 64, 64, 0, null, 0);

    public nint CreateStructType(nint scope, string name, nint file, uint line, ulong sizeInBits, uint alignInBits, ReadOnlySpan<nint> members)
    {
        var n = Encoding.UTF8.GetBytes(name);
        fixed (byte* np = n) fixed (nint* m = members)
            return LlvmApi.LLVMDIBuilderCreateStructType(Handle, scope, n.Length == 0 ? null : np, (nuint)n.Length, file, line, sizeInBits,
                alignInBits, 0, 0, m, (uint)members.Length, 0, 0, null, 0);
    }

    public nint CreateMemberType(nint scope, string name, nint file, uint line, ulong sizeInBits, uint alignInBits, ulong offsetInBits, nint type)
    {
        var n = Encoding.UTF8.GetBytes(name);
        fixed (byte* np = n)
            return LlvmApi.LLVMDIBuilderCreateMemberType(Handle, scope, np, (nuint)n.Length, file, line, sizeInBits, alignInBits, offsetInBits, 0, type);
    }

    public nint CreateArrayType(nint elementType, long count, ulong sizeInBits, uint alignInBits)
    {
        var range = LlvmApi.LLVMDIBuilderGetOrCreateSubrange(Handle, 0, count);
        return LlvmApi.LLVMDIBuilderCreateArrayType(Handle, sizeInBits, alignInBits, elementType, &range, 1);
    }

    public nint CreateEnumerator(string name, long value, bool isUnsigned)
    {
        var n = Encoding.UTF8.GetBytes(name);
        fixed (byte* np = n) return LlvmApi.LLVMDIBuilderCreateEnumerator(Handle, np, (nuint)n.Length, value, isUnsigned ? 1 : 0);
    }

    public nint CreateEnumerationType(nint scope, string name, nint file, uint line, ulong sizeInBits, uint alignInBits, ReadOnlySpan<nint> enumerators, nint underlying)
    {
        var n = Encoding.UTF8.GetBytes(name);
        fixed (byte* np = n) fixed (nint* e = enumerators)
            return LlvmApi.LLVMDIBuilderCreateEnumerationType(Handle, scope, np, (nuint)n.Length, file, line, sizeInBits, alignInBits, e,
                (uint)enumerators.Length, underlying);
    }

    public nint CreateStructForwardDeclaration(nint scope, string name, nint file)
    {
        var n = Encoding.UTF8.GetBytes(name);
        fixed (byte* np = n)
            return LlvmApi.LLVMDIBuilderCreateForwardDecl(Handle, TagStructure, np, (nuint)n.Length, scope, file, 0, 0, 0, 0, null, 0);
    }

    public nint CreateGlobalVariableExpression(nint scope, string name, nint file, uint line, nint type, bool localToUnit, uint alignInBits)
    {
        var n = Encoding.UTF8.GetBytes(name);
        var expression = LlvmApi.LLVMDIBuilderCreateExpression(Handle, null, 0);
        fixed (byte* np = n)
            return LlvmApi.LLVMDIBuilderCreateGlobalVariableExpression(Handle, scope, np, (nuint)n.Length, np, (nuint)n.Length, file, line, type,
                localToUnit ? 1 : 0, expression, 0, alignInBits);
    }

    /// <summary>A parameter variable, preserved so the subprogram retains it: BTF takes function parameter names from these.</summary>
    public nint CreateParameterVariable(nint scope, string name, uint argumentNumber, nint file, uint line, nint type)
    {
        var n = Encoding.UTF8.GetBytes(name);
        fixed (byte* np = n)
            return LlvmApi.LLVMDIBuilderCreateParameterVariable(Handle, scope, np, (nuint)n.Length, argumentNumber, file, line, type, 1, 0);
    }

    public void FinalizeDebugInfo() => LlvmApi.LLVMDIBuilderFinalize(Handle);

    public void Dispose()
    {
        if (Handle == 0) return;
        LlvmApi.LLVMDisposeDIBuilder(Handle);
        Handle = 0;
    }
}

/// <summary>DWARF base type encodings (<c>DW_ATE_*</c>).</summary>
internal enum DwarfEncoding : uint
{
    Boolean = 0x02,
    Signed = 0x05,
    Unsigned = 0x08,
}
