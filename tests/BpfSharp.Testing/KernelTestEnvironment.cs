using BpfSharp.Loader;

namespace BpfSharp.Testing;

/// <summary>Whether kernel tests can run here, probed once per test process.</summary>
public static class KernelTestEnvironment
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Why BPF programs cannot be loaded here (one actionable sentence), or null when they can.</summary>
    public static string? WhyKernelTestsCannotRun => Reason.Value;

    /// <summary>True when the environment variable CI is "true": a missing kernel feature is then a failure, not a skip.</summary>
    public static bool IsContinuousIntegration =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal);

    /// <summary>The reason to skip a kernel test, or null when it must run (supported here, or in CI).</summary>
    public static string? SkipReason => IsContinuousIntegration ? null : WhyKernelTestsCannotRun;

    /// <summary>The reason a kernel test must fail without running: CI, and the kernel cannot load BPF programs.</summary>
    public static string? FailureReason => IsContinuousIntegration ? WhyKernelTestsCannotRun : null;

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
            return "BPF kernel tests need Linux.";
        try
        {
            return KernelSupport.WhyNetworkProgramsCannotLoad();
        }
        catch (Exception exception)
        {
            return $"Probing BPF support failed: {exception.Message}";
        }
    }
}
