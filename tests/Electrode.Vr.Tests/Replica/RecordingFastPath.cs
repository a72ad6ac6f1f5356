using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.Messages;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.Replica;

/// <summary>A fast path that records what the replica publishes and hands over Prepares queued by the test.</summary>
internal sealed class RecordingFastPath(FastPaths capabilities, List<string> events) : IFastPath
{
    public Queue<PrepareMessage> HandedOver { get; } = new();

    public List<ReplicaState> Published { get; } = [];

    public FastPaths Capabilities => capabilities;

    /// <summary>
    /// A Prepare the data plane acknowledges just as the replica first publishes a status other than normal (between its
    /// last drain and that publication, as another CPU would): that publication is refused until the replica drains it.
    /// </summary>
    public PrepareMessage? AcknowledgedWhileLeavingNormal { get; set; }

    public ControlPublication PublishControlState(in ReplicaState state)
    {
        if (state.Status != ReplicaStatus.Normal && AcknowledgedWhileLeavingNormal is { } prepare)
        {
            AcknowledgedWhileLeavingNormal = null;
            HandedOver.Enqueue(prepare);
            events.Add($"refused {state.Status} view {state.View} op {state.LastOp}");
            return ControlPublication.DataPlaneAhead;
        }
        Published.Add(state);
        events.Add($"publish {state.Status} view {state.View} op {state.LastOp}");
        return ControlPublication.Published;
    }

    public int DrainHandedOverPrepares(Action<PrepareMessage> append)
    {
        var count = HandedOver.Count;
        while (HandedOver.TryDequeue(out var prepare)) append(prepare);
        return count;
    }
}
