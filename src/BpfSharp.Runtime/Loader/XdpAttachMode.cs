namespace BpfSharp.Loader;

/// <summary>Where on the receive path an XDP program runs (the <c>XDP_FLAGS_*_MODE</c> flags).</summary>
public enum XdpAttachMode : uint
{
    /// <summary>The kernel chooses: native when the driver supports it, generic otherwise.</summary>
    Default = 0,
    /// <summary>Generic (SKB) mode: works on every device, after the socket buffer is allocated.</summary>
    Generic = 1u << 1,
    /// <summary>Native (driver) mode: runs in the driver before any allocation.</summary>
    Native = 1u << 2,
    /// <summary>Offloaded to the network card.</summary>
    Offload = 1u << 3,
}
