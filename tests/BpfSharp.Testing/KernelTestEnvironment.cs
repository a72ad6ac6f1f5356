using BpfSharp.Loader;

namespace BpfSharp.Testing;

/// <summary>Whether kernel tests can run here, probed once per test process.</summary>
public static class KernelTestEnvironment
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Why BPF programs cannot be loaded here (one actionable sentence), or null when they can.</summary>
    public static string? WhyKernelTestsCannotRun => Reason.Value;

    /// <summary>The reason to skip a kernel test here, or null when it must run (supported here, or in CI).</summary>
    public static string? SkipReason => SkipReasonFor(WhyKernelTestsCannotRun, Environment.GetEnvironmentVariable("CI"));

    /// <summary>The reason a kernel test must fail here without running: CI, and the kernel cannot load BPF programs.</summary>
    public static string? FailureReason => FailureReasonFor(WhyKernelTestsCannotRun, Environment.GetEnvironmentVariable("CI"));

    /// <summary>Skip with the reason unless CI is "true"; never skip what can run.</summary>
    public static string? SkipReasonFor(string? whyCannotRun, string? ciVariable) => IsContinuousIntegration(ciVariable) ? null : whyCannotRun;

    /// <summary>In CI ("true"), what cannot run fails with the reason.</summary>
    public static string? FailureReasonFor(string? whyCannotRun, string? ciVariable) => IsContinuousIntegration(ciVariable) ? whyCannotRun : null;

    private static bool IsContinuousIntegration(string? ciVariable) => string.Equals(ciVariable, "true", StringComparison.Ordinal);

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
