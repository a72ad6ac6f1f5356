using System.Numerics;
using System.Threading;
using BpfSharp;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Parsing;
using Electrode.Programs.Wire;

namespace Electrode.Programs;

/// <summary>
/// Leader ingress: PrepareOKs of both forms are counted in the op's <see cref="QuorumSlot"/>. Votes that do not change
/// the outcome are dropped; the one that completes the quorum goes up marked <see cref="FastHeader.Certified"/>.
/// Anything the program cannot vouch for goes up unmarked, for userspace to count itself, so pruning never makes an
/// unsafe commit.
/// </summary>
public static unsafe class QuorumPrune
{
    /// <summary>Entry point (the dispatcher's <see cref="HandlerSlot.QuorumPrune"/>).</summary>
    [Xdp]
    public static XdpAction PruneVotes(XdpContext ctx)
    {
        ControlState* state = Configuration.State();
        if (state == null)
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, Reason.Disabled);
        ReplicaEntry* me = Configuration.Replica(state, state->MyIndex);
        if (me == null)
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, Reason.Disabled);
        MessageKind kind = Ingress.Classify(ctx, me);
        if (kind != MessageKind.PrepareOk && kind != MessageKind.MyPrepareOk)
            return Ingress.PassUnhandled(ElectrodeProgram.QuorumPrune, kind);

        PathCounting.CountSeen(ElectrodeProgram.QuorumPrune);
        if (!Configuration.IsEnabled(state, FastPaths.QuorumPrune))
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, Reason.Disabled);
        // One read: status and view from the same moment.
        ulong word = state->Word;
        ControlStatus status = ControlWord.StatusOf(word);
        if (status == ControlStatus.OutOfRange)
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, Reason.OutOfRange);
        if (status != ControlStatus.Normal)
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, Reason.NotNormal);
        ulong myView = ControlWord.ViewOf(word);
        FrameHeaders* frame = ctx.Header<FrameHeaders>(0);
        FastHeader* fast = Ingress.VoteHeader(ctx, kind);
        if (frame == null || fast == null)
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, Reason.Malformed);
        // Only this program sets the bit; a vote arriving with it cannot be passed up (it would be trusted) and
        // cannot be counted (its sender is not behaving), so it is dropped.
        if ((fast->ViewAndFlags & FastHeader.Certified) != 0)
            return PathCounting.Drop(ElectrodeProgram.QuorumPrune, Reason.Malformed);
        if (Configuration.Leader(state, myView) != state->MyIndex)
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, Reason.WrongRole);
        ulong view = fast->ViewAndFlags & FastHeader.ViewMask;
        if (view != myView)
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, Reason.ViewMismatch);

        uint replica = fast->StartOrReplica;
        ReplicaEntry* sender = Configuration.Replica(state, replica);
        if (replica == state->MyIndex || sender == null || !Frames.IsFrom(frame, sender))
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, Reason.UnknownSender);
        QuorumSlot* slot = ElectrodeMaps.QuorumSlots.Lookup(fast->Op & QuorumSlot.IndexMask);
        if (slot == null || slot->View != view || slot->Op != fast->Op)
        {
            bool movedOn = slot != null && slot->View == view && slot->Op > fast->Op;
            return PathCounting.FallBack(ElectrodeProgram.QuorumPrune, movedOn ? Reason.SlotReused : Reason.SlotNotStarted);
        }

        // PrepareOKs of one op may be handled on several CPUs at once (one per receive queue): the vote is recorded with
        // an atomic OR, and the bits it found decide. Each new vote adds exactly one bit, so exactly one vote finds
        // quorum - 1 bits, and that one alone completes the quorum.
        uint vote = 1u << (int)replica;
        uint before = Interlocked.Or(ref slot->Voters, vote);
        if ((before & vote) != 0)
            return PathCounting.Drop(ElectrodeProgram.QuorumPrune, Reason.Duplicate);
        if ((uint)BitOperations.PopCount(before) >= state->QuorumSize)
            return PathCounting.Drop(ElectrodeProgram.QuorumPrune, Reason.QuorumComplete);
        if ((uint)BitOperations.PopCount(before | vote) < state->QuorumSize)
            return PathCounting.Drop(ElectrodeProgram.QuorumPrune, Reason.VoteCounted);

        // The datagram has no UDP checksum (classification made sure), so the changed payload needs no fix-up.
        fast->ViewAndFlags = fast->ViewAndFlags | FastHeader.Certified;
        return PathCounting.Pass(ElectrodeProgram.QuorumPrune);
    }
}
