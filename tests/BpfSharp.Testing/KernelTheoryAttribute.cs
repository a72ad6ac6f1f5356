using Xunit;
using Xunit.Sdk;

namespace BpfSharp.Testing;

/// <summary>The theory form of <see cref="KernelFactAttribute"/>: same skip and CI rules.</summary>
[XunitTestCaseDiscoverer("BpfSharp.Testing.KernelTheoryDiscoverer", "BpfSharp.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    /// <summary>Marks the theory, skipping it where the kernel cannot load BPF programs (outside CI).</summary>
    public KernelTheoryAttribute()
    {
        if (KernelTestEnvironment.SkipReason is { } reason)
            Skip = reason;
    }
}
