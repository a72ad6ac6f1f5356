namespace Electrode.Vr.Wire;

/// <summary>
/// Bit layout of word 0 of the 12-byte fast header. The kernel programs mirror these constants,
/// so they are the single definition of what each bit means.
/// </summary>
public static class FastHeaderBits
{
    /// <summary>Set by the sender: asks the egress program to copy the datagram to every other replica.</summary>
    public const uint Broadcast = 1u << 31;

    /// <summary>Set by the ingress quorum-prune program on the PrepareOK that completes a quorum.</summary>
    public const uint Certified = 1u << 30;

    /// <summary>The low 30 bits of word 0 carry the view.</summary>
    public const uint ViewMask = Certified - 1;

    /// <summary>Size of the fast header in bytes: three little-endian u32 words.</summary>
    public const int Size = 12;
}
