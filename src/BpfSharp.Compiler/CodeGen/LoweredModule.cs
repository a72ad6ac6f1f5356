using System.Collections.Immutable;
using BpfSharp.Compiler.Llvm;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// What lowering hands to Emit: the optimised LLVM module for the BPF target with its context and target machine (which
/// it owns), and the diagnostics of lowering. When <see cref="Diagnostics"/> is not empty the module is incomplete and
/// must not be emitted.
/// </summary>
internal sealed class LoweredModule(
    LlvmContext context, LlvmModule module, BpfTarget target, Func<string, Location?> locateLlvmMessage, ImmutableArray<Diagnostic> diagnostics)
    : IDisposable
{
    public LlvmContext Context { get; } = context;
    public LlvmModule Module { get; } = module;
    public BpfTarget Target { get; } = target;
    public ImmutableArray<Diagnostic> Diagnostics { get; } = diagnostics;

    /// <summary>The C# location an LLVM message points at through its debug location, or null.</summary>
    public Location? LocationOf(string llvmMessage) => locateLlvmMessage(llvmMessage);

    public void Dispose()
    {
        Target.Dispose();
        Module.Dispose();
        Context.Dispose();
    }
}
