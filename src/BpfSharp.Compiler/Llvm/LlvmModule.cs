namespace BpfSharp.Compiler.Llvm;

/// <summary>An owned <c>LLVMModuleRef</c>, created for the BPF target.</summary>
internal sealed unsafe class LlvmModule : IDisposable
{
    private const int ReturnStatusAction = 2;

    public LlvmModule(LlvmContext context, string name)
    {
        Handle = LlvmApi.LLVMModuleCreateWithNameInContext(name, context.Handle);
        LlvmApi.LLVMSetSourceFileName(Handle, name, (nuint)System.Text.Encoding.UTF8.GetByteCount(name));
        LlvmApi.LLVMSetTarget(Handle, BpfTarget.Triple);
        LlvmApi.LLVMSetDataLayout(Handle, BpfTarget.DataLayout);
    }

    public nint Handle { get; private set; }

    /// <summary>Adds an integer module flag (<c>!llvm.module.flags</c>).</summary>
    public void AddFlag(LlvmModuleFlagBehavior behavior, string key, nint i32Type, uint value) =>
        LlvmApi.LLVMAddModuleFlag(Handle, (int)behavior, key, (nuint)key.Length,
            LlvmApi.LLVMValueAsMetadata(LlvmApi.LLVMConstInt(i32Type, value, 0)));

    /// <summary>Adds a global variable.</summary>
    public nint AddGlobal(nint type, string name) => LlvmApi.LLVMAddGlobal(Handle, type, name);

    /// <summary>Adds a function (a declaration until blocks are appended).</summary>
    public nint AddFunction(string name, nint functionType) => LlvmApi.LLVMAddFunction(Handle, name, functionType);

    /// <summary>The declaration of the LLVM intrinsic <paramref name="name"/> for the given overload types.</summary>
    public nint IntrinsicDeclaration(string name, ReadOnlySpan<nint> overloads)
    {
        var id = LlvmInstruction.IntrinsicId(name);
        if (id == 0) throw new LlvmException($"LLVM 19 has no intrinsic '{name}'");
        fixed (nint* o = overloads) return LlvmApi.LLVMGetIntrinsicDeclaration(Handle, id, o, (nuint)overloads.Length);
    }

    /// <summary>The verifier's complaint, or null when the module is well formed.</summary>
    public string? Verify()
    {
        var invalid = LlvmApi.LLVMVerifyModule(Handle, ReturnStatusAction, out var message) != 0;
        var text = LlvmApi.TakeMessage(message);
        return invalid ? text : null;
    }

    /// <summary>The module as textual IR (for tests and debugging).</summary>
    public string ToIr() => LlvmApi.TakeMessage(LlvmApi.LLVMPrintModuleToString(Handle));

    public void Dispose()
    {
        if (Handle == 0) return;
        LlvmApi.LLVMDisposeModule(Handle);
        Handle = 0;
    }
}

/// <summary><c>LLVMModuleFlagBehavior</c> (an index into the C API enum, not the IR's numeric behaviour).</summary>
internal enum LlvmModuleFlagBehavior
{
    Warning = 1,
}
