namespace Electrode.Vr.Transport.Simulated;

/// <summary>What happened to the frames on a simulated network, for tests to check.</summary>
public sealed class SimulatedNetworkCounters
{
    /// <summary>Frames put on the wire (after egress hooks, duplicates included).</summary>
    public long FramesSent { get; internal set; }

    /// <summary>Messages handed to receivers.</summary>
    public long MessagesDelivered { get; internal set; }

    /// <summary>Frames dropped by a packet filter.</summary>
    public long DroppedByFilter { get; internal set; }

    /// <summary>Frames dropped by an egress hook (sent nothing) or an ingress hook (verdict drop).</summary>
    public long DroppedByDataPlane { get; internal set; }

    /// <summary>Frames transmitted back by an ingress hook.</summary>
    public long TransmittedByDataPlane { get; internal set; }

    /// <summary>Frames addressed to no registered endpoint, or without valid IPv4/UDP headers.</summary>
    public long Unroutable { get; internal set; }

    /// <summary>Messages not sent because receivers would refuse to reassemble them.</summary>
    public long MessagesTooLarge { get; internal set; }

    /// <summary>Frames that reached a host but whose payload did not decode (or whose fragment was rejected).</summary>
    public long Undecodable { get; internal set; }
}
