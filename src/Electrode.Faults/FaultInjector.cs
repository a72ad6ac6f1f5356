using BpfSharp;
using BpfSharp.Net;
using Electrode.Faults.Layout;

namespace Electrode.Faults;

/// <summary>
/// A TC packet-fault injector: every IPv4 UDP datagram whose source or destination port lies in the configured range
/// draws one number from its CPU's SplitMix64 stream, which decides, with the configured probabilities, whether it is
/// dropped, duplicated (a clone sent out of the same interface), or passed. Attach it to egress, where a clone follows
/// its original out (on ingress a clone would be sent back out instead of being received twice).
/// </summary>
/// <remarks>
/// A clone redirected to the egress of the same device runs this program again. Clones therefore carry the IPv4
/// reserved flag (RFC 791: must be zero; Linux ignores it on receive), set with the header checksum updated before
/// the copy is made and cleared from the original afterwards, and a marked datagram is passed untouched: no duplicate
/// of a duplicate, and no second loss draw. <c>__sk_buff.mark</c> would leave the bytes alone, but the runtime's
/// <see cref="TcContext"/> offers it read-only.
/// </remarks>
public static unsafe class FaultInjector
{
    /// <summary>Parts per million: the range of a draw.</summary>
    public const uint PartsPerMillion = 1_000_000;

    /// <summary>The reserved (“evil”) flag of the IPv4 flags and fragment offset, in host order: marks the injector's clones.</summary>
    public const ushort CloneFlag = 0x8000;

    private const uint EthernetLength = 14;
    private const uint MinimumIpv4HeaderLength = 20;
    private const uint IpMiddleOffset = EthernetLength + 4;
    private const ushort FragmentOffsetMask = 0x1fff;

    /// <summary>Entry point.</summary>
    [Tc]
    public static TcAction Inject(TcContext ctx)
    {
        FaultConfig* config = FaultMaps.Config.Lookup(0);
        FaultCounters* counters = FaultMaps.Counters.Lookup(0);
        if (config == null || counters == null || config->Generation == 0)
            return TcAction.Ok;
        EthernetHeader* ethernet = ctx.Header<EthernetHeader>(0);
        if (ethernet == null || ByteOrder.ToHost(ethernet->EtherTypeBE) != EtherType.Ipv4)
            return TcAction.Ok;
        Ipv4Header* ip = ctx.Header<Ipv4Header>(EthernetLength);
        if (ip == null || ip->Protocol != IpProtocol.Udp || (ip->VersionAndLength >> 4) != 4)
            return TcAction.Ok;
        ushort fragment = ByteOrder.ToHost(ip->FragmentBE);
        // A later fragment has no UDP header, so its ports are unknown: it goes its way (only first fragments draw).
        if ((fragment & FragmentOffsetMask) != 0)
            return TcAction.Ok;
        uint headerLength = (uint)(ip->VersionAndLength & 0x0f) * 4;
        if (headerLength < MinimumIpv4HeaderLength)
            return TcAction.Ok;
        UdpHeader* udp = ctx.Header<UdpHeader>(EthernetLength + headerLength);
        if (udp == null || !(InRange(ByteOrder.ToHost(udp->SourcePortBE), config) || InRange(ByteOrder.ToHost(udp->DestinationPortBE), config)))
            return TcAction.Ok;
        if ((fragment & CloneFlag) != 0)
        {
            counters->ClonesPassed++;
            return TcAction.Ok;
        }

        counters->Seen++;
        uint draw = Draw(config);
        if (draw < config->LossPpm)
        {
            counters->Dropped++;
            return TcAction.Shot;
        }
        if (draw - config->LossPpm < config->DuplicatePpm)
        {
            if (Duplicate(ctx))
                counters->Duplicated++;
            else
                counters->CloneFailed++;
        }
        return TcAction.Ok;
    }

    private static bool InRange(ushort port, FaultConfig* config) => port >= config->FirstPort && port <= config->LastPort;

    /// <summary>
    /// A uniform number below <see cref="PartsPerMillion"/> from this CPU's stream, which is first re-seeded when the
    /// configuration changed since it was last seeded. <see cref="PartsPerMillion"/> (no fault) when the stream is missing.
    /// </summary>
    private static uint Draw(FaultConfig* config)
    {
        RandomState* random = FaultMaps.Random.Lookup(0);
        if (random == null)
            return PartsPerMillion;
        if (random->Generation != config->Generation)
        {
            random->State = config->Seed + SplitMix64.Mix(Bpf.GetSmpProcessorId());
            random->Generation = config->Generation;
        }
        // The high 32 bits scaled to [0, 10^6) by a multiply and a shift: no division, and a bias below 10^6 / 2^32.
        return (uint)(((SplitMix64.Next(&random->State) >> 32) * PartsPerMillion) >> 32);
    }

    /// <summary>Sends a marked clone of the datagram out of its own interface; the original leaves unmarked. False when the kernel refused.</summary>
    private static bool Duplicate(TcContext ctx)
    {
        IpMiddleWords* middle = ctx.Header<IpMiddleWords>(IpMiddleOffset);
        if (middle == null)
            return false;
        IpMiddleWords original = *middle;
        IpMiddleWords marked = original;
        marked.FragmentBE = (ushort)(original.FragmentBE | ByteOrder.ToNetwork(CloneFlag));
        marked.ChecksumBE = ChecksumAfter(&original, &marked);
        // Writes go through the helper, which unshares data the clone still holds: the clone keeps its mark.
        if (ctx.StoreBytes(IpMiddleOffset, &marked, (uint)sizeof(IpMiddleWords)) != 0)
            return false;
        bool cloned = ctx.CloneRedirect(ctx.Ifindex) == 0;
        // Should the restore fail, the original leaves marked: receivers ignore the flag, and it does not come back here.
        ctx.StoreBytes(IpMiddleOffset, &original, (uint)sizeof(IpMiddleWords));
        return cloned;
    }

    /// <summary>
    /// The header checksum once the flags word of <paramref name="before"/> becomes that of <paramref name="after"/>:
    /// RFC 1624's HC' = ~(~HC + ~m + m') over the identification and flags word.
    /// </summary>
    private static ushort ChecksumAfter(IpMiddleWords* before, IpMiddleWords* after)
    {
        uint seed = (uint)(ushort)~before->ChecksumBE;
        return Checksum.Fold(Checksum.Diff(before, 4, after, 4, seed));
    }
}
