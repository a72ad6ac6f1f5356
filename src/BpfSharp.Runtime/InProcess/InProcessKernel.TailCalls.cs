using BpfSharp.InProcess.Storage;

namespace BpfSharp.InProcess;

// Program arrays and bpf_tail_call.
public sealed unsafe partial class InProcessKernel
{
    /// <summary>
    /// Puts an XDP program in <paramref name="slot"/> of <paramref name="programs"/> (a bpf syscall update of the
    /// program array), or empties the slot when <paramref name="program"/> is null.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The slot is beyond the array's max entries.</exception>
    /// <exception cref="ArgumentException">The array already holds TC programs.</exception>
    public void SetTailCall(ProgramArray programs, uint slot, Func<XdpContext, XdpAction>? program) =>
        SetSlot(programs, slot, program);

    /// <summary>Puts a TC program in <paramref name="slot"/>; as the XDP overload.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The slot is beyond the array's max entries.</exception>
    /// <exception cref="ArgumentException">The array already holds XDP programs.</exception>
    public void SetTailCall(ProgramArray programs, uint slot, Func<TcContext, TcAction>? program) =>
        SetSlot(programs, slot, program);

    /// <summary>
    /// Which tail calls count against the 33 of a chain; <see cref="TailCallCounting.JumpsOnly"/> (Linux 6.12 and later)
    /// unless set. <see cref="TailCallCountingOf"/> gives a kernel release's, so that a run agrees with that kernel.
    /// </summary>
    public TailCallCounting TailCallCounting { get; init; }

    /// <summary>
    /// How the kernel of <paramref name="kernelRelease"/> (as <c>uname -r</c> prints it, e.g. <c>6.1.0-57-amd64</c>)
    /// counts tail calls on x86-64: <see cref="TailCallCounting.CallsIntoRange"/> before 6.12, else (and for a release
    /// it cannot read) <see cref="TailCallCounting.JumpsOnly"/>.
    /// </summary>
    public static TailCallCounting TailCallCountingOf(string kernelRelease) =>
        Loader.KernelHelpers.ReleaseOf(kernelRelease) is { } release && release < FirstReleaseCountingOnlyJumps
            ? TailCallCounting.CallsIntoRange
            : TailCallCounting.JumpsOnly;

    /// <summary>The release whose x86-64 JIT stopped counting calls into empty slots (commit 116e04ba1459).</summary>
    private static readonly Version FirstReleaseCountingOnlyJumps = new(6, 12);

    /// <summary>
    /// <c>bpf_tail_call</c>: an index out of range, an empty slot, or a chain that already counted 33 tail calls falls
    /// through; otherwise the call unwinds to the harness (<see cref="TailCallException"/>), which runs the target on the
    /// same packet. What counts against the 33 is <see cref="TailCallCounting"/>: from Linux 6.12 (measured on 6.12 and
    /// 6.18, x86-64 JIT) only calls that jump, so 33 calls into an empty slot followed by one into a filled slot still
    /// jump; before 6.12 (measured on 6.1) a call into an empty slot counts too, so that last call falls through.
    /// </summary>
    void IProgramHost.TailCall(ProgramArray programs, uint slot)
    {
        TailCallException jump;
        lock (_gate)
        {
            var array = StorageOf<ProgramArrayStorage>(programs);
            RunState run = CurrentRun();
            if (slot >= (uint)programs.MaxEntries || run.CountedTailCalls >= RunState.MaxTailCalls)
                return;
            if (TailCallCounting == TailCallCounting.CallsIntoRange)
                run.CountedTailCalls++;
            if (array[slot] is not { } target)
                return;
            if (TailCallCounting == TailCallCounting.JumpsOnly)
                run.CountedTailCalls++;
            run.TailCalls++;
            jump = new TailCallException(run, target);
        }
        throw jump;
    }

    private void SetSlot(ProgramArray programs, uint slot, Delegate? program)
    {
        lock (_gate) StorageOf<ProgramArrayStorage>(programs).Set(slot, program);
    }
}
