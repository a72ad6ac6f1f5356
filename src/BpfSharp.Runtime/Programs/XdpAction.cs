namespace BpfSharp;

/// <summary>Verdict of an XDP program (<c>enum xdp_action</c>).</summary>
public enum XdpAction : uint
{
    /// <summary><c>XDP_ABORTED</c>: drop and raise the xdp_exception tracepoint.</summary>
    Aborted = 0,
    /// <summary><c>XDP_DROP</c>: drop the frame.</summary>
    Drop = 1,
    /// <summary><c>XDP_PASS</c>: hand the frame (as it is now) to the network stack.</summary>
    Pass = 2,
    /// <summary><c>XDP_TX</c>: send the frame back out of the interface it arrived on.</summary>
    Tx = 3,
    /// <summary><c>XDP_REDIRECT</c>: send the frame to the target chosen by a redirect helper.</summary>
    Redirect = 4,
}
