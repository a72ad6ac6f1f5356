using BpfSharp;
using BpfSharp.Loader;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Vr.FastPath.Kernel.Attachment;
using Electrode.Vr.FastPath.ProgramMaps;

namespace Electrode.Cli.Attach;

/// <summary>What status shows of one interface's attachment: the record, what is attached now, the control state, the counters.</summary>
internal sealed record AttachmentStatus(
    AttachmentPaths Paths,
    AttachmentRecord? Record,
    string State,
    uint AttachedXdpProgramId,
    ControlState? Control,
    IReadOnlyList<(ElectrodeProgram Program, PathTotals Totals)> Counters)
{
    /// <summary>Reads the status of the attachment pinned at <paramref name="paths"/>.</summary>
    public static AttachmentStatus Read(AttachmentPaths paths)
    {
        AttachmentRecord? record;
        try
        {
            record = File.Exists(paths.Record) ? AttachmentRecordMap.Read(paths.Record) : null;
        }
        catch (BpfException)
        {
            record = null;
        }
        int ifindex = InterfaceLookup.IfindexOrZero(paths.InterfaceName);
        uint attached = ifindex == 0 ? 0 : XdpAttachment.AttachedProgramId(ifindex);
        string state = record switch
        {
            null => "no readable record (run detach, then attach)",
            { } r when ifindex == 0 => $"stale: {paths.InterfaceName} no longer exists here (run detach)",
            { } r when r.Ifindex != ifindex || (r.NetworkNamespaceCookie != 0 && r.NetworkNamespaceCookie != paths.NetworkNamespace.Cookie)
                => $"stale: made for an earlier {paths.InterfaceName} (ifindex {r.Ifindex}, now {ifindex}; run detach)",
            { } r when attached != r.DispatchProgramId
                => attached == 0 ? "detached by someone else: no XDP program is attached (run detach, then attach)"
                                 : $"replaced by someone else: XDP program id {attached} is attached (run detach, then attach)",
            _ => "attached",
        };
        return new AttachmentStatus(paths, record, state, attached, ReadControl(paths), ReadCounters(paths));
    }

    private static ControlState? ReadControl(AttachmentPaths paths)
    {
        string pin = paths.Map(nameof(ElectrodeMaps.Control));
        if (!File.Exists(pin))
            return null;
        using var control = BpfMapHandle.OpenPinned(pin);
        return control.TryLookup(0u, out ControlState state) ? state : null;
    }

    private static List<(ElectrodeProgram, PathTotals)> ReadCounters(AttachmentPaths paths)
    {
        var totals = new List<(ElectrodeProgram, PathTotals)>();
        string pin = paths.Map(nameof(ElectrodeMaps.Counters));
        if (!File.Exists(pin))
            return totals;
        using var counters = BpfMapHandle.OpenPinned(pin);
        foreach (var program in Enum.GetValues<ElectrodeProgram>())
        {
            if (counters.LookupPerCpu<uint, PathCounters>((uint)program) is { } perCpu)
                totals.Add((program, PathTotals.Sum(perCpu)));
        }
        return totals;
    }
}
