using Electrode.Vr.Replica;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Cli.Replica;

/// <summary>The state a replica reports in its status and stop lines, so that logs that differ are seen to.</summary>
internal static class ReplicaReport
{
    public static string State(VrReplica replica, UdpTransport transport) =>
        $"view {replica.View}, last op {replica.LastOp}, committed {replica.LastCommitted}, " +
        $"malformed datagrams {transport.Counters.MalformedDatagrams}, messages too large to send {transport.Counters.MessagesTooLarge}, " +
        $"log digest {replica.LogDigest}, conflicting prepares {replica.Counters.Ignored(IgnoreReason.ConflictingEntry)}";

    public static string Status(VrReplica replica) => replica.Status switch
    {
        ReplicaStatus.Normal => replica.IsLeader ? "normal leader" : "normal follower",
        ReplicaStatus.ViewChange => "view change",
        ReplicaStatus.StateTransfer => "state transfer",
        _ => "recovering",
    };
}
