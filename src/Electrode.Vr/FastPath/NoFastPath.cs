using Electrode.Programs.Layout;
using Electrode.Vr.Messages;

namespace Electrode.Vr.FastPath;

/// <summary>Pure userspace VR: no data plane, nothing handed over, control state kept only for inspection.</summary>
public sealed class NoFastPath : IFastPath
{
    /// <inheritdoc />
    public FastPaths Capabilities => FastPaths.None;

    /// <summary>The state last published, or null before the first publication.</summary>
    public ReplicaState? LastPublished { get; private set; }

    /// <inheritdoc />
    public ControlPublication PublishControlState(in ReplicaState state)
    {
        LastPublished = state;
        return ControlPublication.Published;
    }

    /// <inheritdoc />
    public int DrainHandedOverPrepares(Action<PrepareMessage> append) => 0;
}
