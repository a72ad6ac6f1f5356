namespace Electrode.Vr.Transport.Simulated;

/// <summary>
/// Kernel fast paths plugged into the simulated network: an egress hook on every frame a host sends (as a TC
/// program sees it) and an ingress hook on every frame a host receives (as an XDP program sees it).
/// Frames are whole Ethernet + IPv4 + UDP frames; hooks may rewrite them in place or return new ones.
/// </summary>
public interface ISimulatedDataPlane
{
    /// <summary>
    /// True when the egress hook expands a datagram carrying the broadcast bit into copies for every other
    /// replica; then SendToAllReplicas sends one frame instead of one per replica.
    /// </summary>
    bool SupportsBroadcast { get; }

    /// <summary>A frame leaving <paramref name="host"/>; adds the frames that actually go out to <paramref name="output"/> (none drops it).</summary>
    void Egress(SimulatedHost host, byte[] frame, ICollection<byte[]> output);

    /// <summary>A frame arriving at <paramref name="host"/>: pass it up (possibly rewritten), drop it, or transmit it back out.</summary>
    IngressDecision Ingress(SimulatedHost host, byte[] frame);
}

/// <summary>What an ingress hook does with a frame, as an XDP program's return code.</summary>
public enum IngressVerdict
{
    /// <summary>Hand the frame to the host's stack (XDP_PASS).</summary>
    Pass,

    /// <summary>Discard the frame (XDP_DROP).</summary>
    Drop,

    /// <summary>Send the frame back out of the host's interface (XDP_TX); it is routed by its headers.</summary>
    Transmit,
}

/// <summary>An ingress verdict and the frame it applies to (the received one, or its rewrite).</summary>
public readonly record struct IngressDecision(IngressVerdict Verdict, byte[] Frame)
{
    /// <summary>Pass <paramref name="frame"/> up.</summary>
    public static IngressDecision Pass(byte[] frame) => new(IngressVerdict.Pass, frame);

    /// <summary>Drop the frame.</summary>
    public static IngressDecision Drop() => new(IngressVerdict.Drop, []);

    /// <summary>Transmit <paramref name="frame"/> back out.</summary>
    public static IngressDecision Transmit(byte[] frame) => new(IngressVerdict.Transmit, frame);
}

/// <summary>No fast path: every frame goes out and up unchanged.</summary>
public sealed class PassThroughDataPlane : ISimulatedDataPlane
{
    /// <summary>The shared instance.</summary>
    public static PassThroughDataPlane Instance { get; } = new();

    /// <inheritdoc />
    public bool SupportsBroadcast => false;

    /// <inheritdoc />
    public void Egress(SimulatedHost host, byte[] frame, ICollection<byte[]> output) => output.Add(frame);

    /// <inheritdoc />
    public IngressDecision Ingress(SimulatedHost host, byte[] frame) => IngressDecision.Pass(frame);
}
