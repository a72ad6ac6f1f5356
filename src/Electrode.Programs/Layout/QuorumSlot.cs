using System.Runtime.InteropServices;
using Electrode.Programs.Maps;

namespace Electrode.Programs.Layout;

/// <summary>
/// Votes for one op on the leader: entry <c>op &amp; (Count - 1)</c> of <see cref="ElectrodeMaps.QuorumSlots"/>. The
/// egress broadcast path resets it when the leader sends the Prepare; the ingress quorum path adds PrepareOK votes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuorumSlot
{
    /// <summary>Number of slots, a power of two so that an op selects its slot with a mask.</summary>
    public const uint Count = 1024;

    /// <summary>Mask selecting an op's slot.</summary>
    public const uint IndexMask = Count - 1;

    /// <summary>View of the Prepare (the 30-bit view of the fast header).</summary>
    public ulong View;

    /// <summary>Op of the Prepare (the last op of its batch).</summary>
    public ulong Op;

    /// <summary>Bit i set when replica i voted; the leader's own bit is set when the slot is reset.</summary>
    public uint Voters;
}
