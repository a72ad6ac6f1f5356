namespace BpfSharp.Compiler.Llvm;

/// <summary>
/// An owned target machine for little-endian BPF, CPU v3. Only the BPF target and its assembly parser are initialised (the
/// <c>LLVMInitializeAll*</c> functions are header inlines, not library exports).
/// </summary>
internal sealed class BpfTarget : IDisposable
{
    public const string Triple = "bpfel";
    public const string Cpu = "v3";
    public const string DataLayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128";

    private const int OptLevelDefault = 2;
    private const int RelocDefault = 0;
    private const int CodeModelDefault = 0;
    private const int ObjectFile = 1;
    private static readonly Lazy<nint> Target = new(InitializeTarget);

    public BpfTarget() =>
        Handle = LlvmApi.LLVMCreateTargetMachine(Target.Value, Triple, Cpu, "", OptLevelDefault, RelocDefault, CodeModelDefault);

    public nint Handle { get; private set; }

    private static nint InitializeTarget()
    {
        LlvmApi.LLVMInitializeBPFTargetInfo();
        LlvmApi.LLVMInitializeBPFTarget();
        LlvmApi.LLVMInitializeBPFTargetMC();
        LlvmApi.LLVMInitializeBPFAsmPrinter();
        // Inline assembly with instructions in it (a division with BPF's zero-divisor results) goes through the parser.
        LlvmApi.LLVMInitializeBPFAsmParser();
        if (LlvmApi.LLVMGetTargetFromTriple(Triple, out var target, out var error) != 0)
            throw new LlvmException($"LLVM has no BPF target: {LlvmApi.TakeMessage(error)}");
        return target;
    }

    /// <summary>Runs the back end on <paramref name="module"/>, giving the ELF relocatable object in an owned buffer.</summary>
    public LlvmMemoryBuffer EmitToMemory(LlvmModule module)
    {
        if (LlvmApi.LLVMTargetMachineEmitToMemoryBuffer(Handle, module.Handle, ObjectFile, out var error, out var buffer) != 0)
            throw new LlvmException($"LLVM could not emit the BPF object: {LlvmApi.TakeMessage(error)}");
        return new LlvmMemoryBuffer(buffer);
    }

    public void Dispose()
    {
        if (Handle == 0) return;
        LlvmApi.LLVMDisposeTargetMachine(Handle);
        Handle = 0;
    }
}
