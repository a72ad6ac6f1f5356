using System.Collections.Immutable;
using BpfSharp.Compiler.CodeGen;
using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Emit;

/// <summary>
/// The last stage: writes the lowered module as a BPF ELF relocatable object (<c>.bpf.o</c>), and turns what the BPF
/// back end refused while writing it into BPF9001 diagnostics (in C# terms, <see cref="BackEndRefusal"/>) at the C# lines its debug locations name.
/// </summary>
internal static class ObjectWriter
{
    public static CodeGenResult Write(LoweredModule lowered)
    {
        if (!lowered.Diagnostics.IsEmpty) return new CodeGenResult(null, lowered.Diagnostics);
        byte[] bytes;
        using (var buffer = lowered.Target.EmitToMemory(lowered.Module)) bytes = buffer.ToArray();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        // The back end repeats one complaint for every instruction it concerns: report each complaint once, at its first place.
        var reported = new HashSet<string>();
        foreach (var error in lowered.Context.Errors)
        {
            var what = BackEndRefusal.Describe(error);
            if (reported.Add(what))
                diagnostics.Add(Diagnostic.Create(BpfDiagnostics.Unsupported, lowered.LocationOf(error) ?? Location.None, what));
        }
        return new CodeGenResult(diagnostics.Count == 0 ? bytes : null, diagnostics.ToImmutable());
    }
}
