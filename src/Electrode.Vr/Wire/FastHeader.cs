using Electrode.Vr.Messages;
using Google.Protobuf;

namespace Electrode.Vr.Wire;

/// <summary>
/// The three u32 words the kernel reads without parsing protobuf. For a Prepare: (view, last op of the
/// batch, batch start); for a PrepareOK: (view, op, replica index); zeros otherwise. Word 0 also holds the
/// <see cref="FastHeaderBits.Broadcast"/> and <see cref="FastHeaderBits.Certified"/> flags.
/// The words hold the low bits of the 64-bit protobuf fields (30 for the view, 32 for ops); the body stays
/// the authority, and the kernel compares only what fits.
/// </summary>
public readonly record struct FastHeader(uint Word0, uint Word1, uint Word2)
{
    /// <summary>The view, as the low 30 bits of word 0.</summary>
    public uint View => Word0 & FastHeaderBits.ViewMask;

    /// <summary>True when the sender asked the egress program to broadcast.</summary>
    public bool Broadcast => (Word0 & FastHeaderBits.Broadcast) != 0;

    /// <summary>True when the ingress quorum-prune program marked this PrepareOK as completing a quorum.</summary>
    public bool Certified => (Word0 & FastHeaderBits.Certified) != 0;

    /// <summary>The fast header of <paramref name="message"/>, with <paramref name="flags"/> or-ed into word 0.</summary>
    public static FastHeader For(IMessage message, uint flags = 0) => message switch
    {
        PrepareMessage p => new(ViewWord(p.View) | flags, (uint)p.Opnum, (uint)p.Batchstart),
        PrepareOKMessage ok => new(ViewWord(ok.View) | flags, (uint)ok.Opnum, ok.ReplicaIdx),
        _ => new(flags, 0, 0),
    };

    /// <summary>
    /// True when this header's view, op and replica index are those of <paramref name="prepareOk"/>'s body. A certified
    /// bit is honoured only then: the kernel certifies by the header, userspace commits by the body.
    /// </summary>
    public bool Describes(PrepareOKMessage prepareOk) =>
        View == ViewWord(prepareOk.View) && Word1 == (uint)prepareOk.Opnum && Word2 == prepareOk.ReplicaIdx;

    /// <summary>Word 0 for <paramref name="view"/> without flags: the view truncated to its low 30 bits.</summary>
    public static uint ViewWord(ulong view) => (uint)view & FastHeaderBits.ViewMask;
}
