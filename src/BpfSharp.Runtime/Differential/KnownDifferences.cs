using System.Buffers.Binary;

namespace BpfSharp.Differential;

/// <summary>Where the kernel's test run and the in-process kernel differ by design, stated once.</summary>
internal static class KnownDifferences
{
    private const int EthernetHeader = 14;
    private const ushort Ipv4 = 0x0800;
    private const ushort Ipv6 = 0x86DD;

    /// <summary>
    /// The kernel's TC test run builds an skb and pulls the network header its EtherType names, so it refuses
    /// (<c>EINVAL</c>) an IPv4 frame shorter than 34 bytes or an IPv6 frame shorter than 54; the in-process kernel runs
    /// the program on any frame of at least an Ethernet header. Returns the reason when <paramref name="frame"/> is one.
    /// </summary>
    public static string? TcFrameShorterThanNetworkHeader(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < EthernetHeader)
            return null;
        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        int needed = etherType switch
        {
            Ipv4 => EthernetHeader + 20,
            Ipv6 => EthernetHeader + 40,
            _ => 0,
        };
        return frame.Length < needed
            ? $"the kernel's TC test run refuses a {(etherType == Ipv4 ? "IPv4" : "IPv6")} frame shorter than {needed} bytes "
              + $"(this one has {frame.Length}); the in-process kernel runs it"
            : null;
    }
}
