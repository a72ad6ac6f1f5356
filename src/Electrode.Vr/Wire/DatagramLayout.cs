namespace Electrode.Vr.Wire;

/// <summary>
/// Sizes of the Electrode datagram framing (DESIGN.md §6) that only userspace needs, shared by encoder, decoder and
/// fragmenter. What the kernel programs also read (magics, offsets, framing overhead) is theirs:
/// <see cref="Programs.Wire.WireConstants"/>.
/// </summary>
public static class DatagramLayout
{
    /// <summary>Bytes before the type name: u32 magic and u64 type-name length.</summary>
    public const int PrefixSize = 4 + 8;

    /// <summary>Size of the fast header in bytes: three little-endian u32 words.</summary>
    public const int FastHeaderSize = 12;

    /// <summary>
    /// Largest datagram sent whole, and largest payload of one fragment (as the reference UDPTransport's
    /// MAX_UDP_MESSAGE_SIZE).
    /// </summary>
    public const int MaxUnfragmentedSize = 9000;

    /// <summary>Fragment header: u32 magic, u64 message id, u64 offset, u64 total length (without the magic).</summary>
    public const int FragmentHeaderSize = 4 + 8 + 8 + 8;

    /// <summary>Longest type name accepted; longer ones are rejected as malformed before any lookup.</summary>
    public const int MaxTypeNameLength = 128;
}
