using BpfSharp.Compiler.CodeGen;
using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Emit;
using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Model;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler;

/// <summary>
/// The back half of the compiler, from the checked <see cref="ProgramModel"/> the front end hands over: lowering to an
/// optimised LLVM module for BPF (<see cref="ModuleLowering"/>), then the ELF object (<see cref="ObjectWriter"/>). It
/// never throws for a program it cannot compile; it reports diagnostics instead.
/// </summary>
public static class CodeGenerator
{
    /// <summary>Compiles <paramref name="model"/> to a BPF object, or reports why it cannot.</summary>
    public static CodeGenResult Generate(ProgramModel model) => Generate(model, null);

    /// <summary>As <see cref="Generate(ProgramModel)"/>, also handing the optimised LLVM IR to <paramref name="irSink"/> (for tests and debugging).</summary>
    public static CodeGenResult Generate(ProgramModel model, Action<string>? irSink)
    {
        try
        {
            using var lowered = ModuleLowering.Lower(model);
            if (lowered.Diagnostics.IsEmpty) irSink?.Invoke(lowered.Module.ToIr());
            return ObjectWriter.Write(lowered);
        }
        catch (UnsupportedConstructException e)
        {
            return Failed(Diagnostic.Create(BpfDiagnostics.Unsupported, e.Location ?? Location.None, e.What));
        }
        catch (LlvmException e)
        {
            return Failed(Diagnostic.Create(BpfDiagnostics.InternalError, Location.None, e.Message));
        }
        catch (DllNotFoundException e)
        {
            return Failed(Diagnostic.Create(BpfDiagnostics.InternalError, Location.None, $"LLVM 19 (libLLVM.so.19.1) is not installed: {e.Message}"));
        }
        catch (Exception e) when (ModuleLowering.IsInternalFailure(e))
        {
            // A bug of the code generator on this program: the build gets an actionable error instead of a crash.
            return Failed(Diagnostic.Create(BpfDiagnostics.InternalError, Location.None, $"{e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}"));
        }
    }

    private static CodeGenResult Failed(Diagnostic diagnostic) => new(null, [diagnostic]);
}
