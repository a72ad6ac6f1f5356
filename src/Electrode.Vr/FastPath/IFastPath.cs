using Electrode.Programs.Layout;
using Electrode.Vr.Messages;

namespace Electrode.Vr.FastPath;

/// <summary>
/// The only channel between a replica and its kernel data plane (none, simulated or kernel). All members are
/// called on the transport thread.
/// </summary>
/// <remarks>
/// Control state flows out: the replica calls <see cref="PublishControlState"/> on every change of status,
/// view, last op or commit. Prepared entries flow in: a fast-reply data plane answers in-order Prepares
/// itself and queues them; the replica drains the queue before it handles any message or timer (and when
/// told to by <c>VrReplica.PollFastPath</c>), appending each entry as if it had received the Prepare, but
/// without answering again. The replica drains before it publishes, so the data plane may treat a published
/// last op as covering everything it handed over earlier.
/// </remarks>
public interface IFastPath
{
    /// <summary>What this data plane does on its own.</summary>
    FastPaths Capabilities { get; }

    /// <summary>Makes <paramref name="state"/> the state the data plane acts on, from the next packet on.</summary>
    void PublishControlState(in ReplicaState state);

    /// <summary>
    /// Passes every Prepare handed over since the last call to <paramref name="append"/>, oldest first.
    /// </summary>
    /// <returns>How many were passed.</returns>
    int DrainHandedOverPrepares(Action<PrepareMessage> append);
}
