using Electrode.Programs.Maps;

namespace Electrode.Programs.Counting;

/// <summary>The programs, as indices of <see cref="ElectrodeMaps.Counters"/>.</summary>
public enum ElectrodeProgram : uint
{
    /// <summary>The XDP ingress dispatcher.</summary>
    Dispatch = 0,
    /// <summary>XDP fast reply on a follower.</summary>
    FastReply = 1,
    /// <summary>XDP quorum prune on the leader.</summary>
    QuorumPrune = 2,
    /// <summary>TC egress broadcast on the leader.</summary>
    Broadcast = 3,
}
