using System.Runtime.InteropServices;
using BpfSharp.Net;

namespace Electrode.Programs.Wire;

/// <summary>Ethernet, IPv4 (without options) and UDP headers: the 42 bytes in front of every datagram the fast paths handle.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct FrameHeaders
{
    /// <summary>Ethernet header.</summary>
    public EthernetHeader Ethernet;

    /// <summary>IPv4 header.</summary>
    public Ipv4Header Ip;

    /// <summary>UDP header.</summary>
    public UdpHeader Udp;
}

/// <summary>The first 12 bytes of a datagram: magic and type-name length.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct DatagramPreamble
{
    /// <summary><see cref="WireConstants.Magic"/>, or <see cref="WireConstants.FragmentMagic"/> for a fragment.</summary>
    public uint Magic;

    /// <summary>Length of the type name that follows.</summary>
    public ulong TypeNameLength;
}
