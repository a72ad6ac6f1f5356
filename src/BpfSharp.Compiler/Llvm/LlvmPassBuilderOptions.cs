namespace BpfSharp.Compiler.Llvm;

/// <summary>An owned <c>LLVMPassBuilderOptionsRef</c>, and the new-pass-manager entry point that uses it.</summary>
internal sealed class LlvmPassBuilderOptions : IDisposable
{
    public nint Handle { get; private set; } = LlvmApi.LLVMCreatePassBuilderOptions();

    /// <summary>Runs a textual pipeline such as <c>default&lt;O2&gt;</c>; the target machine adds the BPF IR passes.</summary>
    public void Run(LlvmModule module, BpfTarget target, string pipeline)
    {
        var error = LlvmApi.LLVMRunPasses(module.Handle, pipeline, target.Handle, Handle);
        if (error == 0) return;
        var text = LlvmApi.LLVMGetErrorMessage(error);
        try { throw new LlvmException($"LLVM pass pipeline '{pipeline}' failed: {System.Runtime.InteropServices.Marshal.PtrToStringUTF8(text)}"); }
        finally { LlvmApi.LLVMDisposeErrorMessage(text); }
    }

    public void Dispose()
    {
        if (Handle == 0) return;
        LlvmApi.LLVMDisposePassBuilderOptions(Handle);
        Handle = 0;
    }
}
