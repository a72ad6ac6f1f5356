using System.Net;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Transport.Udp;

/// <summary>Settings of a <see cref="UdpTransport"/>.</summary>
public sealed record UdpTransportOptions
{
    /// <summary>Local address clients bind to (with an ephemeral port). Any by default; tests use loopback.</summary>
    public IPAddress ClientBindAddress { get; init; } = IPAddress.Any;

    /// <summary>
    /// Send SendToAllReplicas from a replica as one datagram carrying the broadcast bit, for the kernel egress
    /// program to copy. Only correct when that program is attached.
    /// </summary>
    public bool KernelBroadcast { get; init; }

    /// <summary>
    /// Send replica datagrams without a UDP checksum (<c>SO_NO_CHECK</c>): the kernel fast paths leave checksummed
    /// datagrams alone, as they rewrite payloads and cannot recompute one. Set it when the fast paths are attached.
    /// </summary>
    public bool WithoutUdpChecksums { get; init; }

    /// <summary>Socket receive and send buffer size requested (the kernel may cap it at net.core.rmem_max/wmem_max).</summary>
    public int SocketBufferSize { get; init; } = 10 << 20;

    /// <summary>Datagrams read from one socket before the loop looks at the others and the timers.</summary>
    public int MaxDatagramsPerWakeup { get; init; } = 256;

    /// <summary>Bounds on memory held for partially received large messages, per registered endpoint.</summary>
    public ReassemblyLimits Reassembly { get; init; } = ReassemblyLimits.Default;
}
