using System.Runtime.InteropServices;

namespace BpfSharp.Compiler.Llvm;

/// <summary>An owned <c>LLVMMemoryBufferRef</c>.</summary>
internal sealed class LlvmMemoryBuffer(nint handle) : IDisposable
{
    public nint Handle { get; private set; } = handle;

    /// <summary>A managed copy of the buffer's bytes.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[(int)LlvmApi.LLVMGetBufferSize(Handle)];
        Marshal.Copy(LlvmApi.LLVMGetBufferStart(Handle), bytes, 0, bytes.Length);
        return bytes;
    }

    public void Dispose()
    {
        if (Handle == 0) return;
        LlvmApi.LLVMDisposeMemoryBuffer(Handle);
        Handle = 0;
    }
}
