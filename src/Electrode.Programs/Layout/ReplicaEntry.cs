using System.Runtime.InteropServices;
using Electrode.Programs.Maps;

namespace Electrode.Programs.Layout;

/// <summary>
/// One replica of the configuration, as entry <c>i</c> of <see cref="ElectrodeMaps.Replicas"/>. Addresses and ports
/// are in network byte order, as they appear in packets, so the kernel compares and copies them unchanged.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ReplicaEntry
{
    /// <summary>Largest cluster the fast paths support; the configured size is data in <see cref="ControlState.ReplicaCount"/>.</summary>
    public const int MaxReplicas = 16;

    /// <summary>IPv4 address (network order).</summary>
    public uint AddressBE;

    /// <summary>Interface through which the broadcast path sends this replica its copy; 0 means the interface the original leaves by.</summary>
    public uint Ifindex;

    /// <summary>UDP port (network order).</summary>
    public ushort PortBE;

    /// <summary>MAC address of the replica's interface (or of the next hop towards it).</summary>
    public MacAddress Mac;
}

/// <summary>A MAC address, as a unit the packet-store helper can copy.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct MacAddress
{
    /// <summary>Length of a MAC address.</summary>
    public const int Length = 6;

    /// <summary>The address bytes in wire order.</summary>
    public fixed byte Bytes[Length];
}
