using BpfSharp.Loader;

namespace Electrode.Cli.Attach;

/// <summary>What attach, detach and status need of the process and the kernel before they touch anything.</summary>
internal static class KernelPreconditions
{
    /// <summary>Throws the typed exception that says why XDP and TC programs cannot be handled here, if they cannot.</summary>
    /// <exception cref="BpfException">Not root (or without CAP_BPF and CAP_NET_ADMIN), no libbpf, no kernel BTF, no XDP or TC.</exception>
    public static void Ensure() => KernelSupport.EnsureNetworkProgramsCanLoad();
}
