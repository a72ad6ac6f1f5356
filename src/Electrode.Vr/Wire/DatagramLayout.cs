using KernelWire = Electrode.Programs.Wire.WireConstants;

namespace Electrode.Vr.Wire;

/// <summary>
/// Constants of the Electrode datagram framing (DESIGN.md §6), shared by encoder, decoder and fragmenter. What the
/// kernel programs also read is taken from their <see cref="KernelWire"/>: one definition for both sides of the wire.
/// </summary>
public static class DatagramLayout
{
    /// <summary>First u32 of a whole (unfragmented) datagram.</summary>
    public const uint MessageMagic = KernelWire.Magic;

    /// <summary>First u32 of a fragment of a large message.</summary>
    public const uint FragmentMagic = KernelWire.FragmentMagic;

    /// <summary>Bytes before the type name: u32 magic and u64 type-name length.</summary>
    public const int PrefixSize = 4 + 8;

    /// <summary>Framing bytes besides the type name and body: magic, two u64 lengths and the fast header.</summary>
    public const int FramingOverhead = (int)KernelWire.FramingOverhead;

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
