using Electrode.Vr.Transport;

namespace Electrode.Programs.Tests.Support;

/// <summary>
/// Addresses of a test cluster: replica i has its own IPv4 address, UDP port and MAC, all different in every byte
/// position that matters, so that a swapped, truncated or byte-reversed field shows up in an assertion.
/// </summary>
public sealed class TestCluster
{
    public TestCluster(int replicas)
    {
        Count = replicas;
        Endpoints = Enumerable.Range(0, replicas)
            .Select(i => new EndpointAddress(0x0A010014u + ((uint)i << 8) + (uint)i, (ushort)(7100 + 11 * i)))
            .ToArray();
        Macs = Enumerable.Range(0, replicas)
            .Select(i => new byte[] { 0x02, 0xAB, 0xCD, (byte)(0x30 + i), (byte)(0x40 + i), (byte)(0x50 + i) })
            .ToArray();
    }

    public int Count { get; }

    public EndpointAddress[] Endpoints { get; }

    public byte[][] Macs { get; }

    /// <summary>A client outside the cluster.</summary>
    public static EndpointAddress Client { get; } = new(0xC0A80A63, 40001);

    public static byte[] ClientMac { get; } = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];
}
