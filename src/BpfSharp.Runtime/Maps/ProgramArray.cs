namespace BpfSharp;

/// <summary>
/// <c>BPF_MAP_TYPE_PROG_ARRAY</c>: slots holding programs for tail calls. Userspace fills the slots; a program jumps with
/// <see cref="TailCall(XdpContext, uint)"/>.
/// </summary>
public sealed class ProgramArray(int maxEntries) : BpfMap(MapKind.ProgramArray, sizeof(uint), sizeof(uint), maxEntries)
{
    /// <summary>
    /// <c>bpf_tail_call</c>: replaces the running XDP program with the one in <paramref name="slot"/>; it does not return.
    /// When the slot is empty or out of range, or after 33 tail calls in a chain, it returns and execution falls through.
    /// </summary>
    public void TailCall(XdpContext ctx, uint slot) => Host.TailCall(this, slot);

    /// <summary><c>bpf_tail_call</c> from a TC program; semantics as for the XDP overload.</summary>
    public void TailCall(TcContext ctx, uint slot) => Host.TailCall(this, slot);
}
