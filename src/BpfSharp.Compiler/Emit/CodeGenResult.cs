using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Emit;

/// <summary>What the code generator produced: the BPF object, or the diagnostics that prevented it.</summary>
/// <param name="Object">The ELF relocatable object (<c>.bpf.o</c>), or null when there are error diagnostics.</param>
/// <param name="Diagnostics">BPF9001 (a construct the code generator cannot lower) and BPF9000 (an internal error) diagnostics.</param>
public sealed record CodeGenResult(byte[]? Object, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when an object was produced.</summary>
    public bool Success => Object != null;
}
