using Electrode.Vr.Messages;

namespace Electrode.Vr.Replica;

/// <summary>
/// Conversions between <see cref="LogEntry"/> and the four identical LogEntry messages of the protocol
/// (state transfer, DoViewChange, StartView, RecoveryResponse), with the checks every received log needs.
/// </summary>
internal static class LogEntryMessages
{
    public static StateTransferMessage.Types.LogEntry ToStateTransfer(LogEntry e) =>
        new() { View = e.View, Opnum = e.OpNumber, Request = e.Request };

    public static DoViewChangeMessage.Types.LogEntry ToDoViewChange(LogEntry e) =>
        new() { View = e.View, Opnum = e.OpNumber, Request = e.Request };

    public static StartViewMessage.Types.LogEntry ToStartView(LogEntry e) =>
        new() { View = e.View, Opnum = e.OpNumber, Request = e.Request };

    public static RecoveryResponseMessage.Types.LogEntry ToRecoveryResponse(LogEntry e) =>
        new() { View = e.View, Opnum = e.OpNumber, Request = e.Request };

    public static List<LogEntry>? FromStateTransfer(IEnumerable<StateTransferMessage.Types.LogEntry> entries) =>
        Contiguous(entries.Select(e => (e.View, e.Opnum, (Request?)e.Request)));

    public static List<LogEntry>? FromDoViewChange(IEnumerable<DoViewChangeMessage.Types.LogEntry> entries) =>
        Contiguous(entries.Select(e => (e.View, e.Opnum, (Request?)e.Request)));

    public static List<LogEntry>? FromStartView(IEnumerable<StartViewMessage.Types.LogEntry> entries) =>
        Contiguous(entries.Select(e => (e.View, e.Opnum, (Request?)e.Request)));

    public static List<LogEntry>? FromRecoveryResponse(IEnumerable<RecoveryResponseMessage.Types.LogEntry> entries) =>
        Contiguous(entries.Select(e => (e.View, e.Opnum, (Request?)e.Request)));

    /// <summary>The entries as a log slice, or null unless they are numbered consecutively from at least 1 and all carry a request.</summary>
    private static List<LogEntry>? Contiguous(IEnumerable<(ulong View, ulong Opnum, Request? Request)> entries)
    {
        var slice = new List<LogEntry>();
        foreach (var (view, opnum, request) in entries)
        {
            if (request is null || opnum == 0) return null;
            if (slice.Count > 0 && opnum != slice[^1].OpNumber + 1) return null;
            slice.Add(new LogEntry(view, opnum, request));
        }
        return slice;
    }
}
