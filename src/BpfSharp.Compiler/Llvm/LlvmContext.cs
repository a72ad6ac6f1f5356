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

    public void Dispose()
    {
        if (Handle == 0) return;
        LlvmApi.LLVMContextDispose(Handle);
        Handle = 0;
        _self.Free();
    }
}
