namespace BpfSharp.InProcess;

/// <summary>
/// A simulated kernel in which BpfSharp programs run as ordinary .NET code with the kernel's semantics: it owns the
/// storage of every map its programs touch, a virtual clock, CPUs and simulated network devices. Each instance is
/// independent, so tests using separate kernels may run in parallel.
/// </summary>
public sealed unsafe partial class InProcessKernel
{
    [ThreadStatic] private static InProcessKernel? s_running;

    internal static void SetRunning(InProcessKernel? kernel) => s_running = kernel;

    /// <summary>The kernel whose program is running on this thread.</summary>
    /// <exception cref="InvalidOperationException">No program runs on this thread.</exception>
    internal static InProcessKernel Running => s_running
        ?? throw new InvalidOperationException(
            "a BPF helper or map operation was called outside a program run; run the program through an InProcessKernel, "
            + "and use InProcessKernel.Map(...) for userspace access to maps");

    /// <summary>Virtual monotonic time returned by <see cref="Bpf.KtimeGetNs"/>.</summary>
    public ulong NowNanoseconds { get; set; }

    /// <summary>The CPU programs run on (selects per-CPU map copies); below <see cref="CpuCount"/>.</summary>
    public uint CurrentCpu { get; set; }

    /// <summary>Number of simulated CPUs (per-CPU maps hold this many copies).</summary>
    public uint CpuCount { get; init; } = 1;
}
