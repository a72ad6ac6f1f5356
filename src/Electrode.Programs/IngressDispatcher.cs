using BpfSharp;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Parsing;

namespace Electrode.Programs;

/// <summary>
/// The XDP program attached to a replica's interface: recognises Electrode datagrams to the replica's port and
/// tail-calls the handler of their kind; everything else goes up the stack untouched.
/// </summary>
public static unsafe class IngressDispatcher
{
    /// <summary>Entry point.</summary>
    [Xdp]
    public static XdpAction Dispatch(XdpContext ctx)
    {
        PathCounting.CountSeen(ElectrodeProgram.Dispatch);
        ControlState* state = Configuration.State();
        if (state == null)
            return PathCounting.FallBack(ElectrodeProgram.Dispatch, Reason.Disabled);
        ReplicaEntry* me = Configuration.Replica(state, state->MyIndex);
        if (me == null)
            return PathCounting.FallBack(ElectrodeProgram.Dispatch, Reason.Disabled);

        MessageKind kind = Ingress.Classify(ctx, me);
        if (kind == MessageKind.Prepare)
        {
            ElectrodeMaps.Handlers.TailCall(ctx, HandlerSlot.FastReply);
            return PathCounting.FallBack(ElectrodeProgram.Dispatch, Reason.NoHandler);
        }
        if (kind == MessageKind.PrepareOk || kind == MessageKind.MyPrepareOk)
        {
            ElectrodeMaps.Handlers.TailCall(ctx, HandlerSlot.QuorumPrune);
            return PathCounting.FallBack(ElectrodeProgram.Dispatch, Reason.NoHandler);
        }
        if (kind == MessageKind.NotOurs || kind == MessageKind.Other)
            return PathCounting.Pass(ElectrodeProgram.Dispatch);
        return Ingress.PassUnhandled(ElectrodeProgram.Dispatch, kind);
    }
}
