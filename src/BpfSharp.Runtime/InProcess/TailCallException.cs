namespace BpfSharp.InProcess;

/// <summary>
/// Unwinds a program that took a tail call back to the run harness, which then runs <see cref="Target"/> on the same
/// packet: a tail call never returns to its caller. Programs in the subset cannot catch it (no try/catch).
/// </summary>
internal sealed class TailCallException(RunState run, Delegate target)
    : Exception("bpf_tail_call unwinding to the run harness; a program must not catch this")
{
    public RunState Run { get; } = run;
    public Delegate Target { get; } = target;
}
