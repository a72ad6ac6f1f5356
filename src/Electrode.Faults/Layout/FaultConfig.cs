using System.Runtime.InteropServices;

namespace Electrode.Faults.Layout;

/// <summary>
/// What the injector does, at index 0 of <see cref="FaultMaps.Config"/>: written by userspace (see
/// <see cref="Control.FaultSettings"/>), read by every packet. Rates are in parts per million of the datagrams in the port range.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct FaultConfig
{
    /// <summary>Seed of every CPU's random stream (CPU <c>c</c> starts from <c>Seed + SplitMix64.Mix(c)</c>).</summary>
    public ulong Seed;

    /// <summary>
    /// Changed by every configuration write; 0 means not configured, and the injector then passes everything. A CPU whose
    /// <see cref="RandomState.Generation"/> differs re-seeds its stream, so each configuration replays from its seed.
    /// </summary>
    public ulong Generation;

    /// <summary>Datagrams dropped, per million.</summary>
    public uint LossPpm;

    /// <summary>Datagrams duplicated, per million (never one that is dropped).</summary>
    public uint DuplicatePpm;

    /// <summary>Lowest UDP port (host order) of the range: a datagram whose source or destination port is in the range is subject to faults.</summary>
    public ushort FirstPort;

    /// <summary>Highest UDP port (host order) of the range, inclusive.</summary>
    public ushort LastPort;
}
