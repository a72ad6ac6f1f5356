namespace BpfSharp.Loader;

/// <summary>A program as the object file describes it, before anything is loaded into the kernel.</summary>
/// <param name="Name">The program's function name.</param>
/// <param name="SectionName">The ELF section it lives in (for example <c>xdp</c> or <c>tc</c>), which selects its type.</param>
/// <param name="Type">The kernel program type libbpf derived from the section.</param>
/// <param name="InstructionCount">The number of BPF instructions before load.</param>
public sealed record BpfProgramInfo(string Name, string SectionName, BpfProgramType Type, int InstructionCount);
