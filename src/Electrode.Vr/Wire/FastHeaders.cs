using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Google.Protobuf;

namespace Electrode.Vr.Wire;

/// <summary>
/// Userspace's side of the kernel's <see cref="FastHeader"/>: what a message puts in it, and what a received one says.
/// The words hold the low bits of the 64-bit protobuf fields (30 for the view, 32 for ops); the body stays the
/// authority, and the kernel compares only what fits.
/// </summary>
public static class FastHeaders
{
    /// <summary>
    /// The fast header of <paramref name="message"/>, with <paramref name="flags"/> or-ed into its first word: (view, last
    /// op of the batch, batch start) for a Prepare, (view, op, replica index) for a PrepareOK, zeros otherwise.
    /// </summary>
    public static FastHeader For(IMessage message, uint flags = 0) => message switch
    {
        PrepareMessage p => Of(ViewWord(p.View) | flags, (uint)p.Opnum, (uint)p.Batchstart),
        PrepareOKMessage ok => Of(ViewWord(ok.View) | flags, (uint)ok.Opnum, ok.ReplicaIdx),
        _ => Of(flags, 0, 0),
    };

    /// <summary>The fast header of the three words given.</summary>
    public static FastHeader Of(uint viewAndFlags, uint op, uint startOrReplica) =>
        new() { ViewAndFlags = viewAndFlags, Op = op, StartOrReplica = startOrReplica };

    /// <summary>The first word for <paramref name="view"/> without flags: the view truncated to its low 30 bits.</summary>
    public static uint ViewWord(ulong view) => (uint)view & FastHeader.ViewMask;

    extension(FastHeader header)
    {
        /// <summary>The view, as the low 30 bits of the first word.</summary>
        public uint View => header.ViewAndFlags & FastHeader.ViewMask;

        /// <summary>True when the sender asked the egress program to broadcast.</summary>
        public bool IsBroadcast => (header.ViewAndFlags & FastHeader.Broadcast) != 0;

        /// <summary>True when the ingress quorum-prune program marked this PrepareOK as completing a quorum.</summary>
        public bool IsCertified => (header.ViewAndFlags & FastHeader.Certified) != 0;

        /// <summary>
        /// True when this header's view, op and replica index are those of <paramref name="prepareOk"/>'s body. A certified
        /// bit is honoured only then: the kernel certifies by the header, userspace commits by the body.
        /// </summary>
        public bool Describes(PrepareOKMessage prepareOk) =>
            header.View == ViewWord(prepareOk.View) && header.Op == (uint)prepareOk.Opnum && header.StartOrReplica == prepareOk.ReplicaIdx;
    }
}
