using Xunit;
using Xunit.Sdk;

namespace BpfSharp.Testing;

/// <summary>
/// A fact that loads BPF programs into the kernel. Skipped, with the reason, where the kernel cannot
/// load them; except when the environment variable CI is "true", where it fails with that reason.
/// </summary>
[XunitTestCaseDiscoverer("BpfSharp.Testing.KernelFactDiscoverer", "BpfSharp.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class KernelFactAttribute : FactAttribute
{
    /// <summary>Marks the test, skipping it where the kernel cannot load BPF programs (outside CI).</summary>
    public KernelFactAttribute()
    {
        if (KernelTestEnvironment.SkipReason is { } reason)
            Skip = reason;
    }
}
