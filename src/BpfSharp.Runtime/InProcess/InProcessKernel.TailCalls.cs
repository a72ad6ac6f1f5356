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
    /// <c>bpf_tail_call</c>: an index out of range, an empty slot, or a chain that already took 33 tail calls falls
    /// through; otherwise the call unwinds to the harness (<see cref="TailCallException"/>), which runs the target on the
    /// same packet. Only calls that jump count against the 33, as measured on kernel 6.18 x86_64 (JIT), where 33 calls
    /// to an empty slot followed by a call to a filled one still jump.
    /// </summary>
    void IProgramHost.TailCall(ProgramArray programs, uint slot)
    {
        TailCallException jump;
        lock (_gate)
        {
            var array = StorageOf<ProgramArrayStorage>(programs);
            RunState run = CurrentRun();
            if (slot >= (uint)programs.MaxEntries || run.TailCalls >= RunState.MaxTailCalls
                || array[slot] is not { } target)
                return;
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
