using System.Runtime.InteropServices;

namespace BpfSharp.Net;

/// <summary>A UDP header (<c>struct udphdr</c>, 8 bytes). All fields in network byte order.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct UdpHeader
{
    /// <summary>Source port (network order).</summary>
    public ushort SourcePortBE;
    /// <summary>Destination port (network order).</summary>
    public ushort DestinationPortBE;
    /// <summary>Length of header and payload (network order).</summary>
    public ushort LengthBE;
    /// <summary>Checksum (network order); 0 means none over IPv4.</summary>
    public ushort ChecksumBE;
}
