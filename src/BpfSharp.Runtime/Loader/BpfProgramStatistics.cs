namespace BpfSharp.Loader;

/// <summary>The kernel's figures for a loaded program (from <c>struct bpf_prog_info</c>).</summary>
/// <param name="Id">The program's kernel id.</param>
/// <param name="TranslatedInstructions">Instructions after the verifier's rewrites (what <c>bpftool prog dump xlated</c> shows).</param>
/// <param name="JitedBytes">Size of the JIT-compiled machine code in bytes (0 without a JIT).</param>
/// <param name="VerifiedInstructions">Instructions the verifier processed, summed over all paths it explored.</param>
public sealed record BpfProgramStatistics(uint Id, int TranslatedInstructions, int JitedBytes, int VerifiedInstructions);
