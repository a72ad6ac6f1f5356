namespace BpfSharp.InProcess;

/// <summary>
/// Which <c>bpf_tail_call</c>s count against the 33-call limit of a chain (<c>MAX_TAIL_CALL_CNT</c>). The x86-64 JIT
/// changed this in Linux 6.12 ("bpf, x64: Fix tailcall hierarchy", commit 116e04ba1459), which moved the increment of
/// the count after the empty-slot check; an index out of range never counted.
/// </summary>
public enum TailCallCounting
{
    /// <summary>Only calls that jump count (Linux 6.12 and later): a call into an empty slot leaves the count as it was.</summary>
    JumpsOnly,

    /// <summary>
    /// Every call whose slot is within the array counts, whether it jumps or not (kernels before 6.12): a call into an
    /// empty slot uses up one of the 33.
    /// </summary>
    CallsIntoRange,
}
