using BpfSharp.Loader;
using Electrode.Programs;
using Electrode.Programs.Maps;
using MapSet = Electrode.Programs.ElectrodeSkeleton.MapSet;
using ProgramSet = Electrode.Programs.ElectrodeSkeleton.ProgramSet;

namespace Electrode.Bench.Codegen;

/// <summary>
/// One packet through one program, with the maps set up for it (<see cref="Setup"/> after the common configuration).
/// A scenario with <see cref="Reset"/> changes state (or the packet) as it runs, so it is timed as single runs with the
/// state reset in between; one without leaves everything as it found it and is timed with the kernel's own repeat loop.
/// </summary>
internal sealed record Scenario(
    string Label,
    Func<ProgramSet, BpfProgram> Program,
    int Me,
    byte[] Frame,
    bool InstallHandlers,
    Action<MapSet>? Reset,
    uint ExpectedVerdict,
    Action<MapSet>? Setup = null,
    bool DrainEachRun = false)
{
    private const uint XdpPass = 2;
    private const uint XdpTx = 3;
    private const uint XdpDrop = 1;
    private const uint TcOk = 0;

    public static IReadOnlyList<Scenario> All() =>
    [
        new("Dispatch: Prepare, no handler installed", p => p.Dispatch, BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, Reset: null, XdpPass),
        new("Dispatch + tail call: Prepare to follower", p => p.Dispatch, BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: true, BenchCluster.ResetLastOp, XdpTx),
        new("ReplyToPrepare: Prepare to follower", p => p.ReplyToPrepare, BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, BenchCluster.ResetLastOp, XdpTx),
        new("ReplyToPrepare: same, ring drained after each", p => p.ReplyToPrepare, BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, BenchCluster.ResetLastOp, XdpTx, DrainEachRun: true),
        new("PruneVotes: PrepareOK completing quorum", p => p.PruneVotes, BenchCluster.Leader,
            BenchCluster.PrepareOk(), InstallHandlers: false, BenchCluster.ResetQuorumSlot, XdpPass),
        new("PruneVotes: MyPrepareOK completing quorum", p => p.PruneVotes, BenchCluster.Leader,
            BenchCluster.KernelPrepareOk(), InstallHandlers: false, BenchCluster.ResetQuorumSlot, XdpPass),
        new("Broadcast: broadcast Prepare from leader", p => p.Broadcast, BenchCluster.Leader,
            BenchCluster.Prepare(broadcast: true), InstallHandlers: false, BenchCluster.ResetQuorumSlot, TcOk),
        new("ReplyToPrepare: retransmitted Prepare, falls back", p => p.ReplyToPrepare, BenchCluster.Follower,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, Reset: null, XdpPass, BenchCluster.AdvanceLastOp),
        new("PruneVotes: MyPrepareOK after quorum, dropped", p => p.PruneVotes, BenchCluster.Leader,
            BenchCluster.KernelPrepareOk(BenchCluster.OtherFollower), InstallHandlers: false, Reset: null, XdpDrop, BenchCluster.CompleteQuorumSlot),
        new("Broadcast: Prepare without broadcast bit", p => p.Broadcast, BenchCluster.Leader,
            BenchCluster.Prepare(broadcast: false), InstallHandlers: false, Reset: null, TcOk),
    ];

    /// <summary>Configures <paramref name="electrode"/> for this scenario: replica <see cref="Me"/>, handlers in or out.</summary>
    public void Configure(ElectrodeSkeleton electrode)
    {
        BenchCluster.Configure(electrode.Maps, Me);
        var handlers = electrode.Maps.Handlers;
        if (InstallHandlers)
        {
            handlers.Set(HandlerSlot.FastReply, electrode.Programs.ReplyToPrepare);
            handlers.Set(HandlerSlot.QuorumPrune, electrode.Programs.PruneVotes);
        }
        else
        {
            handlers.Clear(HandlerSlot.FastReply);
            handlers.Clear(HandlerSlot.QuorumPrune);
        }
        Setup?.Invoke(electrode.Maps);
        Reset?.Invoke(electrode.Maps);
    }
}
