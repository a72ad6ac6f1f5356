using BpfSharp;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Parsing;
using Electrode.Programs.Wire;

namespace Electrode.Programs;

/// <summary>
/// Leader egress (TC): a Prepare or Commit sent with the <see cref="FastHeader.Broadcast"/> bit has the bit cleared and
/// is copied to every other configured replica, each copy readdressed (MAC, IPv4 address, port, IPv4 checksum); the
/// original then continues to its own destination. A Prepare also resets its op's quorum slot to the leader's own vote.
/// With quorum pruning on and broadcast off, a Prepare leaves unchanged, and the first of its copies to the followers
/// starts its op's quorum slot (prune has no other place where the leader's Prepares pass the kernel).
/// </summary>
public static unsafe class BroadcastEgress
{
    private const uint DestinationMacOffset = 0;
    private const uint IpChecksumOffset = Frames.EthernetHeaderLength + 10;
    private const uint IpDestinationOffset = Frames.EthernetHeaderLength + 16;
    private const uint UdpDestinationPortOffset = Frames.EthernetHeaderLength + Frames.Ipv4HeaderLength + 2;

    /// <summary>Entry point.</summary>
    [Tc]
    public static TcAction Broadcast(TcContext ctx)
    {
        ControlState* state = Configuration.State();
        if (state == null)
            return TcAction.Ok;
        ReplicaEntry* me = Configuration.Replica(state, state->MyIndex);
        FrameHeaders* frame = ctx.Header<FrameHeaders>(0);
        if (me == null || frame == null || !Frames.IsIpv4Udp(frame) || Frames.IsIpFragment(frame)
            || frame->Udp.SourcePortBE != me->PortBE)
            return TcAction.Ok;
        DatagramPreamble* preamble = ctx.Header<DatagramPreamble>(WireConstants.DatagramOffset);
        uint length = Frames.DatagramLength(frame);
        if (preamble == null || preamble->Magic != WireConstants.Magic || length == 0
            || ctx.Length != WireConstants.DatagramOffset + length)
            return TcAction.Ok;

        FastHeader* fast = null;
        uint fastOffset = 0;
        bool isPrepare = preamble->TypeNameLength == PrepareTypeName.Length;
        if (isPrepare)
        {
            PrepareHead* head = ctx.Header<PrepareHead>(WireConstants.TypeNameOffset);
            if (head != null && TypeNames.IsPrepare(&head->Name)
                && Frames.BodyFills(head->BodyLength, PrepareTypeName.Length, length))
            {
                fast = &head->Fast;
                fastOffset = WireConstants.TypeNameOffset + PrepareTypeName.Length;
            }
        }
        else if (preamble->TypeNameLength == CommitTypeName.Length)
        {
            CommitHead* head = ctx.Header<CommitHead>(WireConstants.TypeNameOffset);
            if (head != null && TypeNames.IsCommit(&head->Name)
                && Frames.BodyFills(head->BodyLength, CommitTypeName.Length, length))
            {
                fast = &head->Fast;
                fastOffset = WireConstants.TypeNameOffset + CommitTypeName.Length;
            }
        }
        if (fast == null)
            return TcAction.Ok;
        if ((fast->ViewAndFlags & FastHeader.Broadcast) == 0)
        {
            // Without broadcast the leader sends a Prepare to each follower in turn: the first copy starts the op's
            // quorum slot for prune, and the later ones (and resends) must keep the votes counted since.
            if (isPrepare && Configuration.IsEnabled(state, FastPaths.QuorumPrune))
                StartQuorumSlot(fast->ViewAndFlags & FastHeader.ViewMask, fast->Op, state->MyIndex, keepCounted: true);
            return TcAction.Ok;
        }

        PathCounting.CountSeen(ElectrodeProgram.Broadcast);
        if (!Configuration.IsEnabled(state, FastPaths.Broadcast))
        {
            PathCounting.CountOutcome(ElectrodeProgram.Broadcast, Outcome.FellBack, Reason.Disabled);
            return TcAction.Ok;
        }
        if (Frames.HasUdpChecksum(frame))
        {
            PathCounting.CountOutcome(ElectrodeProgram.Broadcast, Outcome.FellBack, Reason.UdpChecksum);
            return TcAction.Ok;
        }
        if (!Frames.HasValidIpv4Checksum(&frame->Ip))
        {
            PathCounting.CountOutcome(ElectrodeProgram.Broadcast, Outcome.FellBack, Reason.Malformed);
            return TcAction.Ok;
        }
        uint viewAndFlags = fast->ViewAndFlags & ~FastHeader.Broadcast;
        ulong op = fast->Op;
        FrameDestination original = DestinationOf(frame);

        // Cleared before any copy exists: copies sent out of this interface pass this program again and must not be
        // broadcast a second time. Packet writes go through the helper, which unshares data a clone still holds.
        if (ctx.StoreBytes(fastOffset, &viewAndFlags, 4) != 0)
        {
            PathCounting.CountOutcome(ElectrodeProgram.Broadcast, Outcome.FellBack, Reason.Malformed);
            return TcAction.Ok;
        }
        if (isPrepare)
            StartQuorumSlot(viewAndFlags & FastHeader.ViewMask, op, state->MyIndex, keepCounted: false);

        SendCopies(ctx, state, &original);
        if (WriteDestination(ctx, &original) != 0)
        {
            // The frame still carries the last copy's addresses: dropping it loses the original destination's copy, as
            // the network may, rather than sending that replica a duplicate.
            PathCounting.CountOutcome(ElectrodeProgram.Broadcast, Outcome.Dropped, Reason.Malformed);
            return TcAction.Shot;
        }
        PathCounting.CountOutcome(ElectrodeProgram.Broadcast, Outcome.Passed, Reason.None);
        return TcAction.Ok;
    }

    /// <summary>Sends one copy to every configured replica but this one and the original's own destination.</summary>
    private static void SendCopies(TcContext ctx, ControlState* state, FrameDestination* original)
    {
        uint count = state->ReplicaCount;
        uint myIndex = state->MyIndex;
        for (uint i = 0; i < ReplicaEntry.MaxReplicas; i++)
        {
            if (i >= count)
                break;
            ReplicaEntry* peer = ElectrodeMaps.Replicas.Lookup(i);
            if (i == myIndex || peer == null || (peer->AddressBE == original->AddressBE && peer->PortBE == original->PortBE))
                continue;
            FrameDestination copy;
            copy.AddressBE = peer->AddressBE;
            copy.PortBE = peer->PortBE;
            copy.Mac = peer->Mac;
            copy.IpChecksumBE = ChecksumForAddress(original, peer->AddressBE);
            uint ifindex = peer->Ifindex != 0 ? peer->Ifindex : ctx.Ifindex;
            if (WriteDestination(ctx, &copy) != 0 || ctx.CloneRedirect(ifindex) != 0)
                PathCounting.CountOutcome(ElectrodeProgram.Broadcast, Outcome.FellBack, Reason.CloneFailed);
            else
                PathCounting.CountOutcome(ElectrodeProgram.Broadcast, Outcome.Transmitted, Reason.None);
        }
    }

    private static FrameDestination DestinationOf(FrameHeaders* frame)
    {
        FrameDestination destination;
        destination.AddressBE = frame->Ip.DestinationBE;
        destination.PortBE = frame->Udp.DestinationPortBE;
        destination.IpChecksumBE = frame->Ip.ChecksumBE;
        for (int i = 0; i < MacAddress.Length; i++)
            destination.Mac.Bytes[i] = frame->Ethernet.Destination[i];
        return destination;
    }

    /// <summary>
    /// The IPv4 checksum of the original header with its destination replaced by <paramref name="addressBE"/>: the
    /// incremental update of RFC 1624, HC' = ~(~HC + ~m + m').
    /// </summary>
    private static ushort ChecksumForAddress(FrameDestination* original, uint addressBE)
    {
        uint from = original->AddressBE;
        uint to = addressBE;
        uint seed = (uint)(ushort)~original->IpChecksumBE;
        return Checksum.Fold(Checksum.Diff(&from, 4, &to, 4, seed));
    }

    /// <summary>Writes <paramref name="destination"/> into the frame's headers: 0, or the first helper error.</summary>
    private static int WriteDestination(TcContext ctx, FrameDestination* destination)
    {
        int error = ctx.StoreBytes(DestinationMacOffset, &destination->Mac, MacAddress.Length);
        if (error == 0)
            error = ctx.StoreBytes(IpChecksumOffset, &destination->IpChecksumBE, 2);
        if (error == 0)
            error = ctx.StoreBytes(IpDestinationOffset, &destination->AddressBE, 4);
        if (error == 0)
            error = ctx.StoreBytes(UdpDestinationPortOffset, &destination->PortBE, 2);
        return error;
    }

    /// <summary>
    /// Starts counting votes for <paramref name="op"/> in <paramref name="view"/>: only the leader's own so far. With
    /// <paramref name="keepCounted"/>, a slot that already counts that op in that view is left as it is.
    /// </summary>
    private static void StartQuorumSlot(ulong view, ulong op, uint leaderIndex, bool keepCounted)
    {
        QuorumSlot* slot = ElectrodeMaps.QuorumSlots.Lookup((uint)op & QuorumSlot.IndexMask);
        if (slot == null || (keepCounted && slot->View == view && slot->Op == op))
            return;
        slot->View = view;
        slot->Op = op;
        slot->Voters = 1u << (int)leaderIndex;
    }
}
