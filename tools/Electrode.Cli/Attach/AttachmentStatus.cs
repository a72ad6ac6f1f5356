using BpfSharp;
using BpfSharp.Loader;
using Electrode.Programs;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
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
            { DispatchProgramId: 0 } when attached != 0
                => $"attached, beside an XDP program electrode did not attach (id {attached}): its paths run no XDP program",
            { } r when attached != r.DispatchProgramId
                => attached == 0 ? "detached by someone else: no XDP program is attached (run detach, then attach)"
                                 : $"replaced by someone else: XDP program id {attached} is attached (run detach, then attach)",
            _ => "attached",
        };
        var (control, counters) = ReadMaps(paths);
        return new AttachmentStatus(paths, record, state, attached, control, counters);
    }

    /// <summary>The control state and every program's counters, from the pinned maps; none when they cannot be opened (the state says why).</summary>
    private static (ControlState?, List<(ElectrodeProgram, PathTotals)>) ReadMaps(AttachmentPaths paths)
    {
        ElectrodeSkeleton.MapSet maps;
        try
        {
            maps = ElectrodeSkeleton.MapSet.OpenPinned(paths.MapsDirectory);
        }
        catch (Exception e) when (e is BpfException or ArgumentException)
        {
            return (null, []);
        }
        using (maps)
        {
            var counters = Enum.GetValues<ElectrodeProgram>().Select(program => (program, PathTotals.Sum(maps.Counters.Lookup((uint)program)))).ToList();
            return (maps.Control[0], counters);
        }
    }
}
