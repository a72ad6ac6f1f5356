using Electrode.Cluster;

namespace Electrode.Cluster.Tests.Support;

/// <summary>The fast-path modes cluster tests run in, by the names their theory rows carry.</summary>
public static class FastPathModes
{
    /// <summary>Pure userspace VR.</summary>
    public const string None = "none";

    /// <summary>All three kernel fast paths, XDP in generic mode.</summary>
    public const string Generic = "generic";

    /// <summary>All three kernel fast paths, XDP in native mode (XDP_PASS on the bridge-side peers).</summary>
    public const string Native = "native";

    private static readonly Lazy<string?> KernelUnavailable = new(() => KernelFastPathSupport.WhyUnavailable(Executable));

    /// <summary>The electrode command beside the tests.</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "electrode");

    /// <summary>Why the kernel modes cannot run with this build, or null when they can.</summary>
    public static string? WhyKernelUnavailable => KernelUnavailable.Value;

    /// <summary>Whether CI is "true" (kernel modes must then run).</summary>
    public static bool IsContinuousIntegration => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>The choice a row's mode name stands for: <paramref name="paths"/> (all three by default) in that XDP mode.</summary>
    public static FastPathChoice Choice(string mode, string paths = "all") => mode switch
    {
        None => FastPathChoice.None,
        Generic => FastPathChoice.Parse(paths, XdpMode.Generic),
        Native => FastPathChoice.Parse(paths, XdpMode.Native),
        _ => throw new ArgumentException($"unknown fast-path mode '{mode}'"),
    };
}
