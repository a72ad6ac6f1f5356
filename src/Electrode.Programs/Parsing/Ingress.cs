using BpfSharp;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Wire;

namespace Electrode.Programs.Parsing;

/// <summary>What an incoming frame is, as far as the fast paths care.</summary>
public enum MessageKind : uint
{
    /// <summary>Not an Electrode datagram to this replica's port.</summary>
    NotOurs = 0,
    /// <summary>An IP fragment, or an Electrode fragment of a large message.</summary>
    Fragment = 1,
    /// <summary>An Electrode datagram whose lengths disagree with each other or with the frame, or whose IPv4 checksum is wrong.</summary>
    Malformed = 2,
    /// <summary>A Prepare or a PrepareOK of either form that carries a UDP checksum, which only the stack verifies.</summary>
    UdpChecksummed = 3,
    /// <summary>A well-formed Electrode datagram of a type no fast path handles on ingress.</summary>
    Other = 4,
    /// <summary>A <c>PrepareMessage</c>.</summary>
    Prepare = 5,
    /// <summary>A <c>PrepareOKMessage</c> (protobuf form).</summary>
    PrepareOk = 6,
    /// <summary>A kernel-built PrepareOK (<c>specpaxos.vr.MyPrepareOK</c>).</summary>
    MyPrepareOk = 7,
}

/// <summary>Classifies frames arriving at a replica (XDP), for the dispatcher and for each handler it tail-calls.</summary>
public static unsafe class Ingress
{
    /// <summary>
    /// The kind of the frame in <paramref name="ctx"/>, for the replica whose entry is <paramref name="me"/>. The kinds
    /// <see cref="MessageKind.Prepare"/>, <see cref="MessageKind.PrepareOk"/> and <see cref="MessageKind.MyPrepareOk"/>
    /// guarantee that the frame ends exactly where its IPv4 length says, that its IPv4 checksum is correct and it has no
    /// UDP checksum, that the type name matches and that the body length fills the datagram.
    /// </summary>
    public static MessageKind Classify(XdpContext ctx, ReplicaEntry* me)
    {
        FrameHeaders* frame = ctx.Header<FrameHeaders>(0);
        if (frame == null || !Frames.IsIpv4Udp(frame))
            return MessageKind.NotOurs;
        if (Frames.IsIpFragment(frame))
            return MessageKind.Fragment;
        if (frame->Udp.DestinationPortBE != me->PortBE)
            return MessageKind.NotOurs;
        DatagramPreamble* preamble = ctx.Header<DatagramPreamble>(WireConstants.DatagramOffset);
        if (preamble == null)
            return MessageKind.NotOurs;
        if (preamble->Magic == WireConstants.FragmentMagic)
            return MessageKind.Fragment;
        if (preamble->Magic != WireConstants.Magic)
            return MessageKind.NotOurs;
        uint length = Frames.DatagramLength(frame);
        if (length == 0 || !FrameEndsAt(ctx, WireConstants.DatagramOffset + length) || !Frames.HasValidIpv4Checksum(&frame->Ip))
            return MessageKind.Malformed;
        MessageKind kind = KindOfDatagram(ctx, preamble->TypeNameLength, length);
        // Only a datagram a fast path rewrites or answers must come without a checksum, which the stack alone verifies;
        // any other (a client's request) goes up as it would without the program, and is no fall-back.
        bool handled = kind == MessageKind.Prepare || kind == MessageKind.PrepareOk || kind == MessageKind.MyPrepareOk;
        if (handled && Frames.HasUdpChecksum(frame))
            return MessageKind.UdpChecksummed;
        return kind;
    }

    /// <summary>The fast header of a PrepareOK of either form, or null for any other frame.</summary>
    public static FastHeader* VoteHeader(XdpContext ctx, MessageKind kind)
    {
        if (kind == MessageKind.PrepareOk)
        {
            PrepareOkHead* head = ctx.Header<PrepareOkHead>(WireConstants.TypeNameOffset);
            return head == null ? null : &head->Fast;
        }
        if (kind == MessageKind.MyPrepareOk)
        {
            MyPrepareOkMessage* message = ctx.Header<MyPrepareOkMessage>(WireConstants.TypeNameOffset);
            return message == null ? null : &message->Fast;
        }
        return null;
    }

    /// <summary>
    /// A handler's verdict on a frame that is not of its kind: fragments, malformed and checksummed datagrams fall back
    /// (counted), anything else is not the handler's business and passes uncounted.
    /// </summary>
    public static XdpAction PassUnhandled(ElectrodeProgram path, MessageKind kind)
    {
        if (kind == MessageKind.Fragment)
            return PathCounting.FallBack(path, Reason.Fragment);
        if (kind == MessageKind.Malformed)
            return PathCounting.FallBack(path, Reason.Malformed);
        if (kind == MessageKind.UdpChecksummed)
            return PathCounting.FallBack(path, Reason.UdpChecksum);
        return XdpAction.Pass;
    }

    /// <summary>True when the frame is exactly <paramref name="length"/> bytes long: neither truncated nor padded.</summary>
    private static bool FrameEndsAt(XdpContext ctx, uint length) =>
        ctx.Header<byte>(length - 1) != null && ctx.Header<byte>(length) == null;

    private static MessageKind KindOfDatagram(XdpContext ctx, ulong nameLength, uint datagramLength)
    {
        if (nameLength == PrepareTypeName.Length)
        {
            PrepareHead* head = ctx.Header<PrepareHead>(WireConstants.TypeNameOffset);
            if (head == null)
                return MessageKind.Malformed;
            if (!TypeNames.IsPrepare(&head->Name))
                return MessageKind.Other;
            return Frames.BodyFills(head->BodyLength, PrepareTypeName.Length, datagramLength)
                ? MessageKind.Prepare
                : MessageKind.Malformed;
        }
        if (nameLength == PrepareOkTypeName.Length)
        {
            PrepareOkHead* head = ctx.Header<PrepareOkHead>(WireConstants.TypeNameOffset);
            if (head == null)
                return MessageKind.Malformed;
            if (!TypeNames.IsPrepareOk(&head->Name))
                return MessageKind.Other;
            return Frames.BodyFills(head->BodyLength, PrepareOkTypeName.Length, datagramLength)
                ? MessageKind.PrepareOk
                : MessageKind.Malformed;
        }
        if (nameLength == MyPrepareOkTypeName.Length)
        {
            MyPrepareOkMessage* message = ctx.Header<MyPrepareOkMessage>(WireConstants.TypeNameOffset);
            if (message == null)
                return MessageKind.Malformed;
            if (!TypeNames.IsMyPrepareOk(&message->Name))
                return MessageKind.Other;
            return IsConsistentMyPrepareOk(message, datagramLength) ? MessageKind.MyPrepareOk : MessageKind.Malformed;
        }
        return MessageKind.Other;
    }

    /// <summary>A kernel-built PrepareOK's body fills the datagram and says what its fast header says.</summary>
    private static bool IsConsistentMyPrepareOk(MyPrepareOkMessage* message, uint datagramLength) =>
        message->BodyLength == WireConstants.MyPrepareOkBodyLength
        && Frames.BodyFills(message->BodyLength, MyPrepareOkTypeName.Length, datagramLength)
        && (message->Body.View & FastHeader.ViewMask) == (message->Fast.ViewAndFlags & FastHeader.ViewMask)
        && message->Body.Op == message->Fast.Op
        && message->Body.ReplicaIndex == message->Fast.StartOrReplica;
}
