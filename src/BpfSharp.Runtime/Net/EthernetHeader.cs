using System.Runtime.InteropServices;

namespace BpfSharp.Net;

/// <summary>An Ethernet II header (<c>struct ethhdr</c>, 14 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct EthernetHeader
{
    /// <summary>Destination MAC.</summary>
    public fixed byte Destination[6];
    /// <summary>Source MAC.</summary>
    public fixed byte Source[6];
    /// <summary>EtherType in network byte order (compare with <see cref="EtherType"/> values through <see cref="ByteOrder"/>).</summary>
    public ushort EtherTypeBE;
}

/// <summary>EtherType values in host order.</summary>
public static class EtherType
{
    /// <summary>IPv4.</summary>
    public const ushort Ipv4 = 0x0800;
}
