using System.Buffers.Binary;

namespace BpfSharp.Differential;

/// <summary>Where the kernel's test run and the in-process kernel differ by design, stated once.</summary>
internal static class KnownDifferences
{
    private const int EthernetHeader = 14;
    private const ushort Ipv4 = 0x0800;
    private const ushort Ipv6 = 0x86DD;

    /// <summary>
    /// The first release whose LRU hash fills before it evicts (commit d4adf1c9ee77, "bpf: Adjust free target to avoid
    /// global starvation of LRU map"). Before it, free nodes wait in per-CPU lists of up to 128, and a CPU whose list is
    /// empty evicts from the LRU list even when the map holds far fewer entries than its maximum.
    /// </summary>
    private static readonly Version FirstReleaseFillingLruBeforeEvicting = new(6, 16);

    /// <summary>Whether the LRU hash of the kernel of <paramref name="kernelRelease"/> may evict before it is full.</summary>
    public static bool LruEvictsEarly(string kernelRelease) =>
        Loader.KernelHelpers.ReleaseOf(kernelRelease) is { } release && release < FirstReleaseFillingLruBeforeEvicting;

    /// <summary>The reason for an LRU hash that the kernel emptied below what the in-process one, which evicts only when full, holds.</summary>
    public static string LruEvictedEarly(string map, int kernelEntries, int inProcessEntries, int maxEntries) =>
        $"the kernel's LRU hash '{map}' evicted before it was full ({kernelEntries} {(kernelEntries == 1 ? "entry" : "entries")}, where the in-process one "
        + $"holds {inProcessEntries} of {maxEntries}): before Linux {FirstReleaseFillingLruBeforeEvicting} its free "
        + "nodes wait in per-CPU lists, and a CPU that finds its list empty evicts";

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
