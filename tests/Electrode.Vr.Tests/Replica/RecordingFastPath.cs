using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.Messages;

namespace Electrode.Vr.Tests.Replica;

/// <summary>A fast path that records what the replica publishes and hands over Prepares queued by the test.</summary>
internal sealed class RecordingFastPath(FastPaths capabilities, List<string> events) : IFastPath
{
    public Queue<PrepareMessage> HandedOver { get; } = new();

    public List<ReplicaState> Published { get; } = [];

    public FastPaths Capabilities => capabilities;

    public ControlPublication PublishControlState(in ReplicaState state)
    {
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
