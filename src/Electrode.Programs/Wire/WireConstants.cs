namespace Electrode.Programs.Wire;

/// <summary>
/// Constants of the Electrode datagram framing (DESIGN.md §6): u32 magic, u64 type-name length, type name, 12-byte
/// fast header, u64 body length, body; all little-endian, carried as the payload of an IPv4 UDP datagram.
/// </summary>
public static class WireConstants
{
    /// <summary>First u32 of a whole datagram.</summary>
    public const uint Magic = 0x20050318;

    /// <summary>First u32 of a fragment of a large message; the fast paths never touch fragments.</summary>
    public const uint FragmentMagic = 0x20101010;

    /// <summary>Bytes of Ethernet (14), IPv4 without options (20) and UDP (8) headers in front of the datagram.</summary>
    public const uint DatagramOffset = 42;

    /// <summary>Offset in the frame of the type name: the datagram's magic and type-name length come first.</summary>
    public const uint TypeNameOffset = DatagramOffset + 12;

    /// <summary>Bytes of a datagram besides its type name and body: magic, the two u64 lengths and the fast header.</summary>
    public const uint FramingOverhead = 4 + 8 + 12 + 8;

    /// <summary>Length of the body of a kernel-built PrepareOK (<c>specpaxos.vr.MyPrepareOK</c>): u64 view, u64 op, u32 replica index.</summary>
    public const uint MyPrepareOkBodyLength = 20;

    /// <summary>Length of a whole IPv4 datagram the fast paths look at; longer ones are not Electrode messages they handle.</summary>
    public const uint MaxIpLength = 9216;
}
