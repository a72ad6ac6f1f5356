using System.Runtime.InteropServices;

namespace Electrode.Faults.Layout;

/// <summary>
/// Bytes 4 to 11 of an IPv4 header (identification, flags and fragment offset, TTL, protocol, checksum): what marking a
/// clone changes, read and written as one piece. All multi-byte fields in network order.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct IpMiddleWords
{
    /// <summary>Identification.</summary>
    public ushort IdentificationBE;

    /// <summary>Flags (reserved, DF, MF) and fragment offset.</summary>
    public ushort FragmentBE;

    /// <summary>Time to live.</summary>
    public byte TimeToLive;

    /// <summary>Protocol of the payload.</summary>
    public byte Protocol;

    /// <summary>Header checksum.</summary>
    public ushort ChecksumBE;
}
