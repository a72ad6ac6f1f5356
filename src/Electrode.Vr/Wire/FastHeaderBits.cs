using KernelFastHeader = Electrode.Programs.Wire.FastHeader;

namespace Electrode.Vr.Wire;

/// <summary>
/// Bit layout of word 0 of the 12-byte fast header, as the kernel programs define it in
/// <see cref="KernelFastHeader"/>: one definition for both sides of the wire.
/// </summary>
public static class FastHeaderBits
{
    /// <summary>Set by the sender: asks the egress program to copy the datagram to every other replica.</summary>
    public const uint Broadcast = KernelFastHeader.Broadcast;

    /// <summary>Set by the ingress quorum-prune program on the PrepareOK that completes a quorum.</summary>
    public const uint Certified = KernelFastHeader.Certified;

    /// <summary>The low 30 bits of word 0 carry the view.</summary>
    public const uint ViewMask = KernelFastHeader.ViewMask;

    /// <summary>Size of the fast header in bytes: three little-endian u32 words.</summary>
    public const int Size = 12;
}
