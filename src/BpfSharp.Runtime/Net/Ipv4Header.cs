using System.Runtime.InteropServices;

namespace BpfSharp.Net;

/// <summary>An IPv4 header without options (<c>struct iphdr</c>, 20 bytes). Multi-byte fields are in network byte order.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Ipv4Header
{
    /// <summary>Version (high nibble, 4) and header length in 32-bit words (low nibble, 5 without options).</summary>
    public byte VersionAndLength;
    /// <summary>Type of service / DSCP and ECN.</summary>
    public byte TypeOfService;
    /// <summary>Length of the datagram, header included (network order).</summary>
    public ushort TotalLengthBE;
    /// <summary>Identification (network order).</summary>
    public ushort IdentificationBE;
    /// <summary>Flags and fragment offset (network order); a fragment has MF set or a non-zero offset.</summary>
    public ushort FragmentBE;
    /// <summary>Time to live.</summary>
    public byte TimeToLive;
    /// <summary>Protocol of the payload (<see cref="IpProtocol"/>).</summary>
    public byte Protocol;
    /// <summary>Header checksum (network order).</summary>
    public ushort ChecksumBE;
    /// <summary>Source address (network order).</summary>
    public uint SourceBE;
    /// <summary>Destination address (network order).</summary>
    public uint DestinationBE;
}

/// <summary>IP protocol numbers.</summary>
public static class IpProtocol
{
    /// <summary>UDP.</summary>
    public const byte Udp = 17;
}
