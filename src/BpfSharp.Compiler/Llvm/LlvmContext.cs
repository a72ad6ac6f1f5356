using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BpfSharp.Compiler.Llvm;

/// <summary>
/// An owned <c>LLVMContextRef</c>. Errors LLVM reports through the context (for example the BPF back end's
/// "unsupported" diagnostics) are collected in <see cref="Errors"/> instead of terminating the process, which is
/// what LLVM's default handler does.
/// </summary>
internal sealed unsafe class LlvmContext : IDisposable
{
    private const int SeverityError = 0;
    private readonly List<string> _errors = [];
    private GCHandle _self;

    public LlvmContext()
    {
        Handle = LlvmApi.LLVMContextCreate();
        _self = GCHandle.Alloc(this);
        LlvmApi.LLVMContextSetDiagnosticHandler(Handle, &OnDiagnostic, GCHandle.ToIntPtr(_self));
    }

    public nint Handle { get; private set; }

    /// <summary>Error-severity diagnostics LLVM reported so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDiagnostic(nint diagnostic, nint self)
    {
        if (LlvmApi.LLVMGetDiagInfoSeverity(diagnostic) != SeverityError) return;
        var context = (LlvmContext)GCHandle.FromIntPtr(self).Target!;
        context._errors.Add(LlvmApi.TakeMessage(LlvmApi.LLVMGetDiagInfoDescription(diagnostic)));
    }

    /// <summary>The integer type of <paramref name="bits"/> bits (1, 8, 16, 32 or 64).</summary>
    public nint IntType(int bits) => bits switch
    {
        1 => LlvmApi.LLVMInt1TypeInContext(Handle),
        8 => LlvmApi.LLVMInt8TypeInContext(Handle),
        16 => LlvmApi.LLVMInt16TypeInContext(Handle),
        32 => LlvmApi.LLVMInt32TypeInContext(Handle),
        64 => LlvmApi.LLVMInt64TypeInContext(Handle),
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "LLVM integer types here are 1, 8, 16, 32 or 64 bits"),
    };

    /// <summary>The opaque pointer type of address space 0.</summary>
    public nint PointerType() => LlvmApi.LLVMPointerTypeInContext(Handle, 0);

    /// <summary>The void type.</summary>
    public nint VoidType() => LlvmApi.LLVMVoidTypeInContext(Handle);

    /// <summary>A literal (unnamed, unpacked) struct type.</summary>
    public nint StructType(ReadOnlySpan<nint> fields)
    {
        fixed (nint* f = fields) return LlvmApi.LLVMStructTypeInContext(Handle, f, (uint)fields.Length, 0);
    }

    /// <summary>A constant byte array holding exactly <paramref name="bytes"/> (no terminator added).</summary>
    public nint ConstBytes(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* b = bytes) return LlvmApi.LLVMConstStringInContext2(Handle, b, (nuint)bytes.Length, 1);
    }

    /// <summary>A constant literal struct of <paramref name="values"/>.</summary>
    public nint ConstStruct(ReadOnlySpan<nint> values)
    {
        fixed (nint* v = values) return LlvmApi.LLVMConstStructInContext(Handle, v, (uint)values.Length, 0);
    }

    /// <summary>Appends a basic block to <paramref name="function"/>.</summary>
    public nint AppendBlock(nint function, string name) => LlvmApi.LLVMAppendBasicBlockInContext(Handle, function, name);

    /// <summary>An enum attribute without a value, such as <c>nounwind</c>.</summary>
    public nint EnumAttribute(string name) =>
        LlvmApi.LLVMCreateEnumAttribute(Handle, LlvmApi.LLVMGetEnumAttributeKindForName(name, (nuint)name.Length), 0);

    /// <summary>A debug location (1-based line and column) in <paramref name="scope"/>.</summary>
    public nint DebugLocation(uint line, uint column, nint scope) => LlvmApi.LLVMDIBuilderCreateDebugLocation(Handle, line, column, scope, 0);

    /// <summary>The id of a metadata kind, such as <c>dbg</c>.</summary>
    public uint MetadataKind(string name) => LlvmApi.LLVMGetMDKindIDInContext(Handle, name, (uint)name.Length);

    public void Dispose()
    {
        if (Handle == 0) return;
        LlvmApi.LLVMContextDispose(Handle);
        Handle = 0;
        _self.Free();
    }
}
