using System.Runtime.InteropServices;

namespace Electrode.Programs.Layout;

/// <summary>
/// Where a frame goes: the header fields the broadcast path rewrites for each copy, laid out with natural alignment so
/// that they can live on the BPF stack (the verifier refuses misaligned stack access, which a packed header copy causes).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct FrameDestination
{
    /// <summary>IPv4 destination (network order).</summary>
    public uint AddressBE;

    /// <summary>UDP destination port (network order).</summary>
    public ushort PortBE;

    /// <summary>IPv4 header checksum that goes with <see cref="AddressBE"/>.</summary>
    public ushort IpChecksumBE;

    /// <summary>Destination MAC.</summary>
    public MacAddress Mac;
}
