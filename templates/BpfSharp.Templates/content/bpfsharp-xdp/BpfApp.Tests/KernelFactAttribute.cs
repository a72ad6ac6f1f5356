using BpfSharp.Loader;

namespace BpfApp.Tests;

/// <summary>A test that loads the object into the kernel: skipped, with the reason, where this machine cannot (no root or CAP_BPF, no BTF).</summary>
public sealed class KernelFactAttribute : FactAttribute
{
    /// <summary>Skips the test where the kernel cannot load BPF programs.</summary>
    public KernelFactAttribute() => Skip = KernelSupport.WhyNetworkProgramsCannotLoad();
}
