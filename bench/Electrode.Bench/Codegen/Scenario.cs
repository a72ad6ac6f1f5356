using BpfSharp.Loader;
using Electrode.Programs;
using Electrode.Programs.Maps;

namespace Electrode.Bench.Codegen;

/// <summary>
/// One packet through one program, with the maps set up for it (<see cref="Setup"/> after the common configuration).
/// A scenario with <see cref="Reset"/> changes state (or the packet) as it runs, so it is timed as single runs with the
/// state reset in between; one without leaves everything as it found it and is timed with the kernel's own repeat loop.
/// </summary>
internal sealed record Scenario(
    string Label,
    string Program,
    int Me,
    byte[] Frame,
    bool InstallHandlers,
    Action<LoadedBpfObject>? Reset,
    uint ExpectedVerdict,
    Action<LoadedBpfObject>? Setup = null,
    bool DrainEachRun = false)
{
    private const uint XdpPass = 2;
    private const uint XdpTx = 3;
    private const uint XdpDrop = 1;
    private const uint TcOk = 0;

    public static IReadOnlyList<Scenario> All() =>
    [
        new("Dispatch: Prepare, no handler installed", nameof(IngressDispatcher.Dispatch), BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, Reset: null, XdpPass),
        new("Dispatch + tail call: Prepare to follower", nameof(IngressDispatcher.Dispatch), BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: true, BenchCluster.ResetLastOp, XdpTx),
        new("ReplyToPrepare: Prepare to follower", nameof(FastReply.ReplyToPrepare), BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, BenchCluster.ResetLastOp, XdpTx),
        new("ReplyToPrepare: same, ring drained after each", nameof(FastReply.ReplyToPrepare), BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, BenchCluster.ResetLastOp, XdpTx, DrainEachRun: true),
        new("PruneVotes: PrepareOK completing quorum", nameof(QuorumPrune.PruneVotes), BenchCluster.Leader,
            BenchCluster.PrepareOk(), InstallHandlers: false, BenchCluster.ResetQuorumSlot, XdpPass),
        new("PruneVotes: MyPrepareOK completing quorum", nameof(QuorumPrune.PruneVotes), BenchCluster.Leader,
            BenchCluster.KernelPrepareOk(), InstallHandlers: false, BenchCluster.ResetQuorumSlot, XdpPass),
        new("Broadcast: broadcast Prepare from leader", nameof(BroadcastEgress.Broadcast), BenchCluster.Leader,
            BenchCluster.Prepare(broadcast: true), InstallHandlers: false, BenchCluster.ResetQuorumSlot, TcOk),
        new("ReplyToPrepare: retransmitted Prepare, falls back", nameof(FastReply.ReplyToPrepare), BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, Reset: null, XdpPass, BenchCluster.AdvanceLastOp),
        new("PruneVotes: MyPrepareOK after quorum, dropped", nameof(QuorumPrune.PruneVotes), BenchCluster.Leader,
            BenchCluster.KernelPrepareOk(BenchCluster.OtherFollower), InstallHandlers: false, Reset: null, XdpDrop, BenchCluster.CompleteQuorumSlot),
        new("Broadcast: Prepare without broadcast bit", nameof(BroadcastEgress.Broadcast), BenchCluster.Leader,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, Reset: null, TcOk),
    ];

    /// <summary>Configures <paramref name="loaded"/> for this scenario: replica <see cref="Me"/>, handlers in or out.</summary>
    public void Configure(LoadedBpfObject loaded)
    {
        BenchCluster.Configure(loaded, Me);
        var handlers = loaded.Map(nameof(ElectrodeMaps.Handlers));
        if (InstallHandlers)
        {
            handlers.SetProgram(HandlerSlot.FastReply, loaded.Program(nameof(FastReply.ReplyToPrepare)));
            handlers.SetProgram(HandlerSlot.QuorumPrune, loaded.Program(nameof(QuorumPrune.PruneVotes)));
        }
        else
        {
            handlers.ClearProgram(HandlerSlot.FastReply);
            handlers.ClearProgram(HandlerSlot.QuorumPrune);
        }
        Setup?.Invoke(loaded);
        Reset?.Invoke(loaded);
    }
}
