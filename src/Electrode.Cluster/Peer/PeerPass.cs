using BpfSharp;

namespace Electrode.Cluster.Peer;

/// <summary>
/// Passes every frame. Attached in native mode to the bridge-side end of each veth whose other end runs the fast paths
/// natively: a veth delivers the frames its peer sends with <c>XDP_TX</c> only when it runs an XDP program itself.
/// </summary>
public static class PeerPass
{
    /// <summary>Entry point.</summary>
    [Xdp]
    public static XdpAction Pass(XdpContext ctx) => XdpAction.Pass;
}
