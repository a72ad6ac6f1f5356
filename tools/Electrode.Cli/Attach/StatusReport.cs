using System.Text.Json;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath.Kernel.Attachment;
using Electrode.Vr.FastPath.ProgramMaps;

namespace Electrode.Cli.Attach;

/// <summary>Prints attachment statuses as aligned text or as JSON.</summary>
internal static class StatusReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Aligned text: a header per interface, then one row per program's counters.</summary>
    public static void WriteText(TextWriter output, IReadOnlyList<AttachmentStatus> statuses)
    {
        foreach (var status in statuses)
        {
            output.WriteLine($"{status.Paths.InterfaceName}: {status.State}");
            output.WriteLine($"  pins      {status.Paths.ShownDirectory}");
            if (status.Record is { } r)
            {
                output.WriteLine(r.DispatchProgramId != 0
                    ? $"  ingress   XDP Dispatch id {r.DispatchProgramId} ({FastPathAttacher.ModeName(r.XdpMode)}), handlers ReplyToPrepare id {r.FastReplyProgramId}, PruneVotes id {r.QuorumPruneProgramId}"
                    : $"  ingress   none ({FastPathAttacher.NoIngressReason})");
                output.WriteLine(r.BroadcastProgramId != 0
                    ? $"  egress    TC Broadcast id {r.BroadcastProgramId}, handle {r.TcHandle} priority {r.TcPriority}" +
                      (r.Flags.HasFlag(AttachmentFlags.CreatedClsact) ? ", clsact created by attach" : "")
                    : $"  egress    none ({FastPathAttacher.NoEgressReason})");
                output.WriteLine($"  config    replica {r.ReplicaIndex} of {r.ReplicaCount}, cluster {r.ClusterFingerprintText}, fast paths {FastPathSelection.Format(r.EnabledPaths)}, " +
                                 $"ifindex {r.Ifindex}, attached {DateTimeOffset.FromUnixTimeSeconds(r.AttachedAtUnixSeconds):u}");
            }
            if (status.Control is { } c)
                output.WriteLine($"  control   {StatusName(c.Status)}, view {c.View}, last op {c.LastOp}, commit {c.CommitNumber}, my index {c.MyIndex}, " +
                                 $"replicas {c.ReplicaCount}, quorum {c.QuorumSize}, paths {FastPathSelection.Format(c.EnabledPaths)}");
            WriteCounters(output, status.Counters);
        }
    }

    private static void WriteCounters(TextWriter output, IReadOnlyList<(ElectrodeProgram Program, PathTotals Totals)> counters)
    {
        if (counters.Count == 0)
            return;
        string[] header = ["path", "seen", "passed", "dropped", "tx", "fell back", "by reason"];
        var rows = counters.Select(c => new[]
        {
            PathName(c.Program), c.Totals.Seen.ToString(), c.Totals.Passed.ToString(), c.Totals.Dropped.ToString(),
            c.Totals.Transmitted.ToString(), c.Totals.FellBack.ToString(), ReasonText(c.Totals),
        }).ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(i => Math.Max(header[i].Length, rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => "  " + string.Join("  ", cells.Select((cell, i) => i == cells.Length - 1 ? cell : i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])));
        output.WriteLine(Line(header).TrimEnd());
        foreach (var row in rows)
            output.WriteLine(Line(row).TrimEnd());
    }

    /// <summary>A JSON array with one object per interface.</summary>
    public static void WriteJson(TextWriter output, IReadOnlyList<AttachmentStatus> statuses)
    {
        var document = statuses.Select(s => new
        {
            @interface = s.Paths.InterfaceName,
            state = s.State,
            pins = s.Paths.ShownDirectory,
            networkNamespace = s.Paths.NetworkNamespace.Name,
            attachedXdpProgramId = s.AttachedXdpProgramId,
            record = s.Record is { } r ? new
            {
                ifindex = r.Ifindex,
                xdpMode = FastPathAttacher.ModeName(r.XdpMode),
                dispatchProgramId = r.DispatchProgramId,
                fastReplyProgramId = r.FastReplyProgramId,
                quorumPruneProgramId = r.QuorumPruneProgramId,
                broadcastProgramId = r.BroadcastProgramId,
                tcHandle = r.TcHandle,
                tcPriority = r.TcPriority,
                createdClsact = r.Flags.HasFlag(AttachmentFlags.CreatedClsact),
                replicaIndex = r.ReplicaIndex,
                replicaCount = r.ReplicaCount,
                cluster = r.ClusterFingerprintText,
                fastPaths = FastPathSelection.Format(r.EnabledPaths),
                attachedAt = DateTimeOffset.FromUnixTimeSeconds(r.AttachedAtUnixSeconds),
            } : null,
            control = s.Control is { } c ? new
            {
                status = StatusName(c.Status), view = c.View, lastOp = c.LastOp, commit = c.CommitNumber, myIndex = c.MyIndex,
                replicas = c.ReplicaCount, quorum = c.QuorumSize, fastPaths = FastPathSelection.Format(c.EnabledPaths),
            } : null,
            counters = s.Counters.ToDictionary(c => PathName(c.Program), c => new
            {
                seen = c.Totals.Seen, passed = c.Totals.Passed, dropped = c.Totals.Dropped, tx = c.Totals.Transmitted,
                fellBack = c.Totals.FellBack, byReason = Reasons(c.Totals).ToDictionary(x => x.Reason, x => x.Count),
            }),
        });
        output.WriteLine(JsonSerializer.Serialize(document, Indented));
    }

    private static string PathName(ElectrodeProgram program) => program switch
    {
        ElectrodeProgram.Dispatch => "dispatch",
        ElectrodeProgram.FastReply => "reply",
        ElectrodeProgram.QuorumPrune => "prune",
        ElectrodeProgram.Broadcast => "broadcast",
        _ => program.ToString(),
    };

    private static string StatusName(ControlStatus status) => status switch
    {
        ControlStatus.Normal => "normal",
        ControlStatus.ViewChange => "view change",
        ControlStatus.Recovering => "recovering",
        ControlStatus.OutOfRange => "out of range",
        _ => $"status {(uint)status}",
    };

    private static IEnumerable<(string Reason, ulong Count)> Reasons(PathTotals totals) =>
        Enum.GetValues<Reason>().Where(r => r != Reason.None && totals[r] != 0).Select(r => (r.ToString(), totals[r]));

    private static string ReasonText(PathTotals totals) => string.Join(", ", Reasons(totals).Select(r => $"{r.Reason} {r.Count}"));
}
