namespace BpfSharp.InProcess.Storage;

/// <summary>
/// <c>BPF_MAP_TYPE_PROG_ARRAY</c>: slots holding programs for tail calls. As in the kernel, every program in one array
/// has the same program type (the array's owner type), so an XDP program never jumps into a TC program.
/// </summary>
internal sealed class ProgramArrayStorage(BpfMap descriptor) : MapStorage(descriptor)
{
    private readonly Delegate?[] _slots = new Delegate?[descriptor.MaxEntries];

    /// <summary>The program in <paramref name="slot"/>, or null when the slot is empty or out of range.</summary>
    public Delegate? this[uint slot] => slot < (uint)_slots.Length ? _slots[slot] : null;

    /// <summary>Installs (or, with null, clears) a slot, as a syscall update (or delete) of the array.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The slot is beyond max entries.</exception>
    /// <exception cref="ArgumentException">The program's type differs from the programs already in the array.</exception>
    public void Set(uint slot, Delegate? program)
    {
        if (slot >= (uint)_slots.Length)
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"the program array has {_slots.Length} slots (E2BIG in the kernel)");
        Delegate? other = Array.Find(_slots, p => p is not null);
        if (program is not null && other is not null && other.GetType() != program.GetType())
            throw new ArgumentException(
                $"a program array holds programs of one type; it already holds {Describe(other)}, not {Describe(program)} (EINVAL in the kernel)",
                nameof(program));
        _slots[slot] = program;
    }

    public override void Dispose() => Array.Clear(_slots);

    private static string Describe(Delegate program) => program is Func<XdpContext, XdpAction> ? "XDP programs" : "TC programs";
}
