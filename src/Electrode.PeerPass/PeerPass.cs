using BpfSharp;

namespace Electrode.PeerPass;

/// <summary>
/// The program for the other end of a veth whose replica runs the fast paths in native XDP mode: a frame sent with
/// <c>XDP_TX</c> from one end of a veth reaches the other end only when that end runs an XDP program itself
/// (DESIGN.md §9). This one passes everything up, so the peer behaves as without it.
/// </summary>
public static class PeerPass
{
    /// <summary>Entry point: every frame goes up the stack untouched.</summary>
    [Xdp]
    public static XdpAction PassToStack(XdpContext ctx) => XdpAction.Pass;
}
