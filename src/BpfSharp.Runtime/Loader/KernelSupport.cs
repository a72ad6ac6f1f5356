using System.Globalization;
using System.Runtime.InteropServices;
using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>
/// What the running system offers for loading networking (XDP and TC) programs: libbpf, privileges,
/// kernel BTF and the program types themselves. Probed once per process.
/// </summary>
public static class KernelSupport
{
    /// <summary>Where the kernel exposes its own BTF.</summary>
    public const string VmlinuxBtfPath = "/sys/kernel/btf/vmlinux";

    private const int CapNetAdmin = 12;
    private const int CapSysAdmin = 21;
    private const int CapBpf = 39;

    private static readonly Lazy<bool> LibbpfLoadable = new(() => NativeLibrary.TryLoad(Libbpf.LibraryName, out _));
    private static readonly Lazy<BpfException?> NetworkProgramsProbe = new(ProbeNetworkPrograms);

    /// <summary>
    /// Why XDP and TC programs cannot be loaded in this process, as one actionable sentence;
    /// null when they can.
    /// </summary>
    public static string? WhyNetworkProgramsCannotLoad() => NetworkProgramsProbe.Value?.Message;

    /// <summary>Throws the typed exception that explains why XDP and TC programs cannot be loaded here, if they cannot.</summary>
    public static void EnsureNetworkProgramsCanLoad()
    {
        if (NetworkProgramsProbe.Value is not null)
            throw ProbeNetworkPrograms() ?? NetworkProgramsProbe.Value; // fresh, so each throw has its own stack trace
    }

    /// <summary>
    /// Throws <see cref="LibbpfNotFoundException"/> when libbpf.so.1 cannot be loaded; otherwise routes
    /// libbpf's printing to the loader, so it never writes to the process's stderr.
    /// </summary>
    internal static void EnsureLibbpf()
    {
        if (!LibbpfLoadable.Value)
            throw new LibbpfNotFoundException();
        LibbpfMessages.EnsureInstalled();
    }

    private static BpfException? ProbeNetworkPrograms()
    {
        if (!LibbpfLoadable.Value)
            return new LibbpfNotFoundException();
        LibbpfMessages.EnsureInstalled();
        if (!HasCapabilities())
            return new BpfPermissionException("Loading XDP/TC programs (this process lacks CAP_BPF and CAP_NET_ADMIN)");
        if (!File.Exists(VmlinuxBtfPath))
            return new KernelBtfMissingException("BpfSharp needs the kernel's BTF (CO-RE relocations and kernel type checks).", Errno.ENOENT);
        foreach (var type in new[] { BpfProgramType.Xdp, BpfProgramType.SchedClassifier })
        {
            int supported = ProbeProgramType(type);
            if (supported == -Errno.EPERM)
                return new BpfPermissionException($"Loading a {type} program");
            if (supported != 1)
                return new BpfException(
                    $"This kernel cannot load {type} programs ({(supported == 0 ? "not supported" : Errno.Describe(supported))}): " +
                    "use a kernel built with CONFIG_BPF_SYSCALL=y and CONFIG_NET_CLS_BPF.", supported == 0 ? Errno.EOPNOTSUPP : supported);
        }
        return null;
    }

    private static unsafe int ProbeProgramType(BpfProgramType type) => Libbpf.ProbeProgramType((int)type, null);

    private static bool HasCapabilities()
    {
        ulong effective = ReadEffectiveCapabilities();
        bool Has(int capability) => (effective & (1UL << capability)) != 0;
        return (Has(CapBpf) || Has(CapSysAdmin)) && (Has(CapNetAdmin) || Has(CapSysAdmin));
    }

    private static ulong ReadEffectiveCapabilities()
    {
        foreach (var line in File.ReadLines("/proc/thread-self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                return ulong.Parse(line.AsSpan("CapEff:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
