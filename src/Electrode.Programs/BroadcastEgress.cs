using BpfSharp;
using Electrode.Programs.Layout;
using Electrode.Programs.Parsing;
using Electrode.Programs.Wire;

namespace Electrode.Programs;

/// <summary>
/// Leader egress (TC): a Prepare or Commit sent with the <see cref="FastHeader.Broadcast"/> bit has the bit cleared and
/// is copied to every other configured replica, each copy readdressed (MAC, IPv4 address, port, IPv4 checksum); the
/// original then continues to its own destination. A Prepare also resets its op's quorum slot to the leader's own vote.
/// </summary>
public static unsafe class BroadcastEgress
{
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

        FastHeader fast;
        uint fastOffset;
        bool isPrepare = preamble->TypeNameLength == PrepareTypeName.Length;
        if (isPrepare)
        {
            PrepareHead* head = ctx.Header<PrepareHead>(WireConstants.TypeNameOffset);
            if (head == null || !TypeNames.IsPrepare(&head->Name)
                || !Frames.BodyFills(head->BodyLength, PrepareTypeName.Length, length))
                return TcAction.Ok;
            fast = head->Fast;
            fastOffset = WireConstants.TypeNameOffset + PrepareTypeName.Length;
        }
        else if (preamble->TypeNameLength == CommitTypeName.Length)
        {
            CommitHead* head = ctx.Header<CommitHead>(WireConstants.TypeNameOffset);
            if (head == null || !TypeNames.IsCommit(&head->Name)
                || !Frames.BodyFills(head->BodyLength, CommitTypeName.Length, length))
                return TcAction.Ok;
            fast = head->Fast;
            fastOffset = WireConstants.TypeNameOffset + CommitTypeName.Length;
        }
        else
        {
            return TcAction.Ok;
        }
        if ((fast.ViewAndFlags & FastHeader.Broadcast) == 0)
            return TcAction.Ok;

        PathCounting.CountSeen(FastPath.Broadcast);
        if (!Configuration.IsEnabled(state, FastPaths.Broadcast))
        {
            PathCounting.CountOutcome(FastPath.Broadcast, Outcome.FellBack, Reason.Disabled);
            return TcAction.Ok;
        }
        FrameHeaders original;
        if (ctx.LoadBytes(0, &original, WireConstants.DatagramOffset) != 0)
        {
            PathCounting.CountOutcome(FastPath.Broadcast, Outcome.FellBack, Reason.Malformed);
            return TcAction.Ok;
        }
        // Cleared before any copy exists: copies sent out of this interface pass this program again and must not
        // be broadcast a second time. Packet writes go through the helper, which unshares data a clone still holds.
        fast.ViewAndFlags = fast.ViewAndFlags & ~FastHeader.Broadcast;
        if (ctx.StoreBytes(fastOffset, &fast, 4) != 0)
        {
            PathCounting.CountOutcome(FastPath.Broadcast, Outcome.FellBack, Reason.Malformed);
            return TcAction.Ok;
        }
        if (isPrepare)
            ResetQuorumSlot(fast.ViewAndFlags & FastHeader.ViewMask, fast.Op, state->MyIndex);

        // The payload changed; over IPv4 a zero UDP checksum means none.
        original.Udp.ChecksumBE = 0;
        SendCopies(ctx, state, &original);
        ctx.StoreBytes(0, &original, WireConstants.DatagramOffset);
        PathCounting.CountOutcome(FastPath.Broadcast, Outcome.Passed, Reason.None);
        return TcAction.Ok;
    }

    /// <summary>Sends one copy to every configured replica but this one and the original's own destination.</summary>
    private static void SendCopies(TcContext ctx, ControlState* state, FrameHeaders* original)
    {
        uint count = state->ReplicaCount;
        uint myIndex = state->MyIndex;
        FrameHeaders copy = *original;
        for (uint i = 0; i < ReplicaEntry.MaxReplicas; i++)
        {
            if (i >= count)
                break;
            ReplicaEntry* peer = ElectrodeMaps.Replicas.Lookup(i);
            if (i == myIndex || peer == null || Frames.IsTo(original, peer))
                continue;
            Frames.AddressTo(&copy, peer);
            uint ifindex = peer->Ifindex != 0 ? peer->Ifindex : ctx.Ifindex;
            if (ctx.StoreBytes(0, &copy, WireConstants.DatagramOffset) != 0 || ctx.CloneRedirect(ifindex) != 0)
                PathCounting.CountOutcome(FastPath.Broadcast, Outcome.FellBack, Reason.CloneFailed);
            else
                PathCounting.CountOutcome(FastPath.Broadcast, Outcome.Transmitted, Reason.None);
        }
    }

    /// <summary>Starts counting votes for <paramref name="op"/> in <paramref name="view"/>: only the leader's own so far.</summary>
    private static void ResetQuorumSlot(ulong view, ulong op, uint leaderIndex)
    {
        QuorumSlot* slot = ElectrodeMaps.QuorumSlots.Lookup((uint)op & QuorumSlot.IndexMask);
        if (slot == null)
            return;
        slot->View = view;
        slot->Op = op;
        slot->Voters = 1u << (int)leaderIndex;
    }
}
