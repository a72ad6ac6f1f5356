using Electrode.Vr.Replica;

namespace Electrode.Vr.FastPath;

/// <summary>
/// What the data plane needs to know of its replica to act on packets, as the replica sees it (the kernel's control
/// state is its translation). The replica publishes it on every change, and publishes a non-normal status before it
/// starts a view change, state transfer or recovery, so the data plane never answers for a replica whose state is in
/// motion.
/// </summary>
/// <param name="Status">Protocol status; the data plane fast-paths only when <see cref="ReplicaStatus.Normal"/>.</param>
/// <param name="View">Current view.</param>
/// <param name="LastOp">Number of the last operation in the replica's log.</param>
/// <param name="LastCommitted">Number of the last committed operation.</param>
/// <param name="MyIndex">The replica's index in the configuration.</param>
/// <param name="ClusterSize">Number of replicas, n.</param>
/// <param name="QuorumSize">Votes, the leader's included, that make a quorum: a majority of n.</param>
public readonly record struct ReplicaState(
    ReplicaStatus Status,
    ulong View,
    ulong LastOp,
    ulong LastCommitted,
    int MyIndex,
    int ClusterSize,
    int QuorumSize);
