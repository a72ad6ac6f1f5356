using Electrode.Programs.Layout;
using Electrode.Vr.Messages;

namespace Electrode.Vr.FastPath;

/// <summary>
/// The only channel between a replica and its kernel data plane (none, simulated or kernel). All members are
/// called on the transport thread.
/// </summary>
/// <remarks>
/// Control state flows out: the replica calls <see cref="PublishControlState"/> on every change of status, view, last
/// op or commit. Prepared entries flow in: a fast-reply data plane answers in-order Prepares itself and queues them; the
/// replica drains the queue before it handles any message or timer (and when told to by <c>VrReplica.PollFastPath</c>),
/// appending each entry as if it had received the Prepare, but without answering again.
/// <para>
/// The data plane and the replica both change the state the data plane acts on, so a publication is an exchange that
/// fails when the data plane acknowledged a Prepare the replica has not drained: it then returns
/// <see cref="ControlPublication.DataPlaneAhead"/>, and the replica drains and publishes again. A publication that
/// succeeds therefore comes after every Prepare acknowledged before it was drained; a replica that publishes a status
/// other than normal before it leaves normal status holds every Prepare the data plane answered in its log, and the data
/// plane answers no more until the replica publishes normal again.
/// </para>
/// </remarks>
public interface IFastPath
{
    /// <summary>What this data plane does on its own.</summary>
    FastPaths Capabilities { get; }

    /// <summary>
    /// Makes <paramref name="state"/> the state the data plane acts on, from the next packet on, unless the data plane
    /// acknowledged Prepares that have not been drained yet.
    /// </summary>
    ControlPublication PublishControlState(in ReplicaState state);

    /// <summary>
    /// Passes every Prepare handed over since the last call to <paramref name="append"/>, oldest first. Returns only once
    /// every Prepare the data plane had acknowledged when the call began was passed (waiting a bounded time for one
    /// acknowledged but not yet queued).
    /// </summary>
    /// <returns>How many were passed.</returns>
    /// <exception cref="FastPathStalledException">An acknowledged Prepare never reached the queue.</exception>
    int DrainHandedOverPrepares(Action<PrepareMessage> append);
}
