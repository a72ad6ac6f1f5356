using System.Runtime.InteropServices;
using Electrode.Programs.Maps;

namespace Electrode.Programs.Layout;

/// <summary>
/// A record of <see cref="ElectrodeMaps.Prepared"/>: a whole Prepare datagram (the UDP payload, from the magic to the
/// end of the body) that the fast-reply path acknowledged in the kernel and userspace must append to its log.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct PreparedDatagram
{
    /// <summary>Bytes of <see cref="Datagram"/> in use, 1 to <see cref="DatagramBytes.Capacity"/>.</summary>
    public uint Length;

    /// <summary>The datagram.</summary>
    public DatagramBytes Datagram;
}

/// <summary>Room for one datagram in a ring-buffer record.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct DatagramBytes
{
    /// <summary>Largest datagram a record holds; larger Prepares go to userspace the ordinary way.</summary>
    public const uint Capacity = 2048;

    /// <summary>
    /// Mask that keeps a copy length below <see cref="Capacity"/>: the verifier accepts a load into the record only with
    /// a length it can prove in range, and a mask is the proof it follows (DESIGN.md §9).
    /// </summary>
    public const uint LengthMask = Capacity - 1;

    /// <summary>The bytes.</summary>
    public fixed byte Bytes[(int)Capacity];
}
