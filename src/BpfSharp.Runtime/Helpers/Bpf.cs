namespace BpfSharp;

/// <summary>Kernel helpers that need no context or map.</summary>
public static class Bpf
{
    /// <summary><c>bpf_ktime_get_ns</c>: monotonic time in nanoseconds (virtual time in-process).</summary>
    public static ulong KtimeGetNs() => ProgramHost.Current.KtimeGetNs();

    /// <summary><c>bpf_get_smp_processor_id</c>: the CPU the program runs on.</summary>
    public static uint GetSmpProcessorId() => ProgramHost.Current.GetSmpProcessorId();
}
