using System.Threading;
using BpfSharp;
using BpfSharp.Net;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Parsing;
using Electrode.Programs.Wire;

namespace Electrode.Programs;

/// <summary>
/// Follower ingress: an in-order Prepare of the current view is handed whole to userspace through
/// <see cref="ElectrodeMaps.Prepared"/>, the replica's last op advances, and the frame itself becomes the PrepareOK
/// sent back to the leader with <c>XDP_TX</c>. A Prepare of an older view is dropped; anything unusual goes up untouched.
/// </summary>
public static unsafe class FastReply
{
    /// <summary>Entry point (the dispatcher's <see cref="HandlerSlot.FastReply"/>).</summary>
    [Xdp]
    public static XdpAction ReplyToPrepare(XdpContext ctx)
    {
        ControlState* state = Configuration.State();
        if (state == null)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.Disabled);
        ReplicaEntry* me = Configuration.Replica(state, state->MyIndex);
        if (me == null)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.Disabled);
        MessageKind kind = Ingress.Classify(ctx, me);
        if (kind != MessageKind.Prepare)
            return Ingress.PassUnhandled(ElectrodeProgram.FastReply, kind);

        PathCounting.CountSeen(ElectrodeProgram.FastReply);
        if (!Configuration.IsEnabled(state, FastPaths.FastReply))
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.Disabled);
        // One read: status, view and last op from the same moment; the exchange below succeeds only if the word
        // still holds exactly this, so a change userspace published meanwhile cannot be overtaken.
        ulong word = state->Word;
        ControlStatus status = ControlWord.StatusOf(word);
        if (status == ControlStatus.OutOfRange)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.OutOfRange);
        if (status != ControlStatus.Normal)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.NotNormal);
        FrameHeaders* frame = ctx.Header<FrameHeaders>(0);
        PrepareHead* head = ctx.Header<PrepareHead>(WireConstants.TypeNameOffset);
        if (frame == null || head == null)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.Malformed);
        ulong myView = ControlWord.ViewOf(word);
        ulong myLastOp = ControlWord.LastOpOf(word);
        if (myLastOp >= ControlWord.LastOpMask)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.OutOfRange);

        ulong view = head->Fast.ViewAndFlags & FastHeader.ViewMask;
        if (view < myView)
            return PathCounting.Drop(ElectrodeProgram.FastReply, Reason.StaleView);
        if (view > myView)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.NewerView);
        uint leader = Configuration.Leader(state, myView);
        if (leader == state->MyIndex)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.WrongRole);
        ReplicaEntry* leaderEntry = Configuration.Replica(state, leader);
        if (leaderEntry == null || !Frames.IsFrom(frame, leaderEntry))
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.UnknownSender);

        ulong batchStart = head->Fast.StartOrReplica;
        ulong lastOp = head->Fast.Op;
        if (batchStart > lastOp)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.Malformed);
        if (batchStart <= myLastOp)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.AlreadyLogged);
        if (batchStart != myLastOp + 1)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.Gap);
        uint length = Frames.DatagramLength(frame);
        if (length > DatagramBytes.Capacity)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.TooLarge);

        return HandOverAndReply(ctx, state, word, length, lastOp);
    }

    /// <summary>
    /// Copies the datagram into a ring-buffer record and turns the frame into the PrepareOK for <paramref name="lastOp"/>;
    /// then claims the op by exchanging the control word <paramref name="seen"/> for one whose last op is
    /// <paramref name="lastOp"/>. Only after winning the exchange is the record submitted and the reply sent, and nothing
    /// can fail after it: a Prepare reaches userspace exactly once, through the ring buffer with a reply sent (and
    /// userspace, whose own exchanges fail until it has drained that record, logs it before it changes status), or up
    /// the stack untouched, or, when userspace changed the word after the frame was rewritten, not at all.
    /// </summary>
    private static XdpAction HandOverAndReply(XdpContext ctx, ControlState* state, ulong seen, uint length, ulong lastOp)
    {
        PreparedDatagram* record = ElectrodeMaps.Prepared.Reserve<PreparedDatagram>();
        if (record == null)
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.RingFull);
        uint copyLength = ((length - 1) & DatagramBytes.LengthMask) + 1;
        if (ctx.LoadBytes(WireConstants.DatagramOffset, &record->Datagram, copyLength) != 0)
        {
            ElectrodeMaps.Prepared.Discard(record);
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.Malformed);
        }
        record->Length = copyLength;

        int resize = (int)MyPrepareOkFrame.Size - (int)(WireConstants.DatagramOffset + copyLength);
        if (ctx.AdjustTail(resize) != 0)
        {
            ElectrodeMaps.Prepared.Discard(record);
            return PathCounting.FallBack(ElectrodeProgram.FastReply, Reason.NoRoom);
        }
        MyPrepareOkFrame* reply = ctx.Header<MyPrepareOkFrame>(0);
        if (reply == null)
        {
            // Unreachable after a successful resize to exactly this size; the verifier needs the check.
            ElectrodeMaps.Prepared.Discard(record);
            return PathCounting.Drop(ElectrodeProgram.FastReply, Reason.NoRoom);
        }

        ulong advanced = ControlWord.WithLastOp(seen, lastOp);
        if (Interlocked.CompareExchange(ref state->Word, advanced, seen) != seen)
        {
            // The frame is already cut to the reply's size: it cannot go up as the Prepare it was.
            ElectrodeMaps.Prepared.Discard(record);
            return PathCounting.Drop(ElectrodeProgram.FastReply, Reason.LostRace);
        }
        ElectrodeMaps.Prepared.Submit(record, HandOverWakeup(state));
        WritePrepareOk(reply, ControlWord.ViewOf(seen), lastOp, state->MyIndex);
        PathCounting.CountOutcome(ElectrodeProgram.FastReply, Outcome.Transmitted, Reason.None);
        return XdpAction.Tx;
    }

    /// <summary>
    /// Whether the record just claimed wakes userspace: with a <see cref="ControlState.WakeupBacklog"/>, only once that
    /// many bytes wait unread (userspace polls the ring below it, so a busy follower pays one wake-up per batch instead of
    /// one per Prepare); without one, as the kernel chooses.
    /// </summary>
    private static RingBufferWakeup HandOverWakeup(ControlState* state)
    {
        uint backlog = state->WakeupBacklog;
        if (backlog == 0)
            return RingBufferWakeup.Adaptive;
        return ElectrodeMaps.Prepared.Query(RingBufferQuery.AvailableData) >= backlog ? RingBufferWakeup.Always : RingBufferWakeup.Never;
    }

    /// <summary>Rewrites the (resized) Prepare frame into a kernel-built PrepareOK addressed back to its sender.</summary>
    private static void WritePrepareOk(MyPrepareOkFrame* reply, ulong view, ulong op, uint myIndex)
    {
        for (int i = 0; i < 6; i++)
        {
            byte mac = reply->Headers.Ethernet.Destination[i];
            reply->Headers.Ethernet.Destination[i] = reply->Headers.Ethernet.Source[i];
            reply->Headers.Ethernet.Source[i] = mac;
        }

        uint address = reply->Headers.Ip.SourceBE;
        reply->Headers.Ip.SourceBE = reply->Headers.Ip.DestinationBE;
        reply->Headers.Ip.DestinationBE = address;
        reply->Headers.Ip.TotalLengthBE = ByteOrder.ToNetwork((ushort)(MyPrepareOkFrame.Size - Frames.EthernetHeaderLength));
        reply->Headers.Ip.TimeToLive = 64;
        Frames.SetIpv4Checksum(&reply->Headers.Ip);

        ushort port = reply->Headers.Udp.SourcePortBE;
        reply->Headers.Udp.SourcePortBE = reply->Headers.Udp.DestinationPortBE;
        reply->Headers.Udp.DestinationPortBE = port;
        reply->Headers.Udp.LengthBE = ByteOrder.ToNetwork(
            (ushort)(MyPrepareOkFrame.Size - Frames.EthernetHeaderLength - Frames.Ipv4HeaderLength));
        reply->Headers.Udp.ChecksumBE = 0;

        reply->Preamble.Magic = WireConstants.Magic;
        reply->Preamble.TypeNameLength = MyPrepareOkTypeName.Length;
        TypeNames.WriteMyPrepareOk(&reply->Message.Name);
        reply->Message.Fast.ViewAndFlags = (uint)view & FastHeader.ViewMask;
        reply->Message.Fast.Op = (uint)op;
        reply->Message.Fast.StartOrReplica = myIndex;
        reply->Message.BodyLength = WireConstants.MyPrepareOkBodyLength;
        reply->Message.Body.View = view;
        reply->Message.Body.Op = op;
        reply->Message.Body.ReplicaIndex = myIndex;
    }
}
