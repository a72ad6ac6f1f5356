using BpfSharp.Loader;

namespace BpfSharp.Differential;

/// <summary>How <see cref="DifferentialTester.Load(byte[], IReadOnlyList{Type}, DifferentialOptions?)"/> opens the object and compares runs.</summary>
public sealed record DifferentialOptions
{
    /// <summary>The object's name in the kernel (libbpf derives data-section map names from it); libbpf's default when null.</summary>
    public string? ObjectName { get; init; }

    /// <summary>The bpffs directory for maps pinned by name; libbpf's default (/sys/fs/bpf) when null.</summary>
    public string? PinRootPath { get; init; }

    /// <summary>Called on the opened object before it is loaded, for example to set <c>.rodata</c> variables.</summary>
    public Action<BpfObject>? Configure { get; init; }

    /// <summary>
    /// Fields that hold a <c>bpf_ktime_get_ns</c> time: they are compared by the rule of <see cref="TimeField"/>
    /// instead of byte for byte.
    /// </summary>
    public IReadOnlyList<TimeField> TimeFields { get; init; } = [];

    /// <summary>
    /// The kernel release (as <c>uname -r</c> prints it) whose behaviour the tester follows where kernels differ: the
    /// in-process kernel's tail-call counting and the differences declared for older kernels. The running kernel's when
    /// null; another release makes the runs follow that kernel's rules, which is for testing the tester.
    /// </summary>
    public string? KernelRelease { get; init; }
}
