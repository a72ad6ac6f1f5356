using BpfSharp;
using BpfSharp.Loader;
using Electrode.Programs;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.PeerPass;
using Electrode.Vr.FastPath.Kernel.Attachment;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Replica.Storage;

namespace Electrode.Cli.Attach;

/// <summary>
/// Loads electrode.bpf.o, configures its maps for one replica, attaches what the enabled paths run to an interface
/// and pins everything with a record of what it did (<see cref="AttachmentPaths"/>): the ingress dispatcher (XDP) when
/// quorum pruning or the fast reply is enabled, the broadcast program (TC egress) when broadcast is. A program no
/// enabled path runs is not attached, because it would only cost: XDP on a veth turns every frame into an XDP buffer
/// and back. Attaching again replaces the programs in place, attaches or removes them as the paths now need, and
/// keeps the maps that the new object declares alike, so a running replica's map handles stay valid.
/// </summary>
internal sealed class FastPathAttacher(TextWriter output)
{
    /// <summary>Attaches as <paramref name="settings"/> say.</summary>
    public void Attach(AttachSettings settings)
    {
        string name = settings.InterfaceName;
        int ifindex = NetworkInterfaceIndex.Of(name);
        var macs = NeighbourMacs.Resolve(settings.Cluster, settings.ClusterPath);
        var paths = AttachmentPaths.For(name);
        var previous = PreviousAttachment(paths, ifindex);
        uint attached = XdpAttachment.AttachedProgramId(ifindex);
        if (attached != 0 && attached != previous?.DispatchProgramId)
            throw new AttachException(
                $"{name} already has an XDP program (id {attached}) that electrode did not attach; it is left alone: remove it first (`bpftool net detach xdp dev {name}`)");

        using var opened = ElectrodeObject.Open(settings.ObjectPath);
        Directory.CreateDirectory(paths.MapsDirectory);
        XdpAttachment? xdp = null;
        TcAttachment? tc = null;
        try
        {
            var (kept, rebuilt) = PinMaps(opened.Object, paths);
            using var electrode = opened.Load();
            WriteReplicas(electrode.Maps, settings, macs);
            bool controlKept = WriteControl(electrode.Maps, settings, previous, kept);
            electrode.Maps.Handlers.Set(HandlerSlot.FastReply, electrode.Programs.ReplyToPrepare);
            electrode.Maps.Handlers.Set(HandlerSlot.QuorumPrune, electrode.Programs.PruneVotes);
            electrode.Programs.Pin(paths.ProgramsDirectory);

            if (NeedsIngress(settings.EnabledPaths))
                xdp = AttachXdp(electrode.Programs.Dispatch, name, ifindex, settings.XdpMode, previous, attached);
            else if (previous is { DispatchProgramId: not 0 } before && attached == before.DispatchProgramId)
                XdpAttachment.DetachProgram(ifindex, before.XdpMode, attached);
            bool createdClsact = previous?.Flags.HasFlag(AttachmentFlags.CreatedClsact) ?? false;
            if (NeedsEgress(settings.EnabledPaths))
            {
                var broadcast = electrode.Programs.Broadcast;
                tc = previous is { BroadcastProgramId: not 0 } before
                    ? broadcast.ReplaceTc(ifindex, TcDirection.Egress, before.TcHandle, before.TcPriority)
                    : broadcast.AttachTc(ifindex, TcDirection.Egress);
                createdClsact |= tc.UsesClsactCreatedHere;
            }
            else if (previous is { BroadcastProgramId: not 0 } before)
            {
                TcAttachment.DetachFilter(ifindex, TcDirection.Egress, before.TcHandle, before.TcPriority);
                if (createdClsact)
                    TcAttachment.RemoveClsact(ifindex);
                createdClsact = false;
            }

            var record = new AttachmentRecord
            {
                Magic = AttachmentRecord.ExpectedMagic,
                Version = AttachmentRecord.CurrentVersion,
                Ifindex = ifindex,
                XdpMode = settings.XdpMode,
                DispatchProgramId = xdp?.ProgramId ?? 0,
                FastReplyProgramId = electrode.Programs.ReplyToPrepare.Id,
                QuorumPruneProgramId = electrode.Programs.PruneVotes.Id,
                BroadcastProgramId = tc?.ProgramId ?? 0,
                TcHandle = tc?.Handle ?? 0,
                TcPriority = tc?.Priority ?? 0,
                Flags = createdClsact ? AttachmentFlags.CreatedClsact : AttachmentFlags.None,
                ReplicaIndex = (uint)settings.Index,
                ReplicaCount = (uint)settings.Cluster.Count,
                EnabledPaths = settings.EnabledPaths,
                ClusterFingerprint = Convert.ToUInt64(ReplicaDataDirectory.Fingerprint(settings.Cluster), 16),
                NetworkNamespaceCookie = paths.NetworkNamespace.Cookie,
                AttachedAtUnixSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            };
            record.SetInterfaceName(name);
            PreparePeer(settings, previous, ref record);
            if (File.Exists(paths.Record))
                File.Delete(paths.Record);
            AttachmentRecordMap.Write(paths.Record, record);

            Report(settings, paths, record, previous, kept, rebuilt, controlKept);
        }
        catch when (previous is null)
        {
            // A first attach that failed half-way leaves nothing behind: the attachments undo exactly themselves.
            tc?.Dispose();
            xdp?.Dispose();
            paths.Remove();
            throw;
        }
    }

    /// <summary>
    /// The record of this interface's own current attachment, or null. A directory left by an attachment that no
    /// longer exists (the interface or its namespace was deleted and another took its name) is removed.
    /// </summary>
    private AttachmentRecord? PreviousAttachment(AttachmentPaths paths, int ifindex)
    {
        if (!Directory.Exists(paths.Directory))
            return null;
        AttachmentRecord? record = null;
        try
        {
            if (File.Exists(paths.Record))
                record = AttachmentRecordMap.Read(paths.Record);
        }
        catch (BpfException)
        {
            record = null;
        }
        if (record is { } r && r.Ifindex == ifindex && (r.NetworkNamespaceCookie == 0 || r.NetworkNamespaceCookie == paths.NetworkNamespace.Cookie))
            return r;
        output.WriteLine($"removing stale pins of an earlier {paths.InterfaceName} at {paths.ShownDirectory}");
        paths.Remove();
        return null;
    }

    /// <summary>Points every map at its pin; a pinned map the new object declares differently is unpinned, to be rebuilt.</summary>
    private static (List<string> Kept, List<string> Rebuilt) PinMaps(BpfObject obj, AttachmentPaths paths)
    {
        var kept = new List<string>();
        var rebuilt = new List<string>();
        foreach (var map in obj.Maps.Where(m => !m.IsDataSection))
        {
            string pin = paths.Map(map.Name);
            if (File.Exists(pin))
            {
                bool alike;
                using (var old = BpfMapHandle.OpenPinned(pin))
                    alike = old.Type == map.Type && old.KeySize == map.KeySize && old.ValueSize == map.ValueSize && old.Info.MaxEntries == map.MaxEntries;
                if (alike)
                {
                    kept.Add(map.Name);
                }
                else
                {
                    File.Delete(pin);
                    rebuilt.Add(map.Name);
                }
            }
            obj.SetPinPath(map.Name, pin);
        }
        return (kept, rebuilt);
    }

    private static void WriteReplicas(ElectrodeSkeleton.MapSet maps, AttachSettings settings, byte[][] macs)
    {
        for (uint i = 0; i < ReplicaEntry.MaxReplicas; i++)
            maps.Replicas[i] = i < settings.Cluster.Count ? ReplicaEntries.For(settings.Cluster.Replicas[(int)i].Address, macs[i]) : default;
    }

    /// <summary>
    /// Writes the control state a replica starts from, not normal, so the programs pass everything up until the replica
    /// publishes its own; when a running replica of the same cluster and index already owns the kept state, only the
    /// enabled paths change. Returns whether the state was kept.
    /// </summary>
    private static bool WriteControl(ElectrodeSkeleton.MapSet maps, AttachSettings settings, AttachmentRecord? previous, List<string> kept)
    {
        var control = maps.Control;
        ulong fingerprint = Convert.ToUInt64(ReplicaDataDirectory.Fingerprint(settings.Cluster), 16);
        bool sameReplica = previous is { } p && p.ClusterFingerprint == fingerprint && p.ReplicaIndex == settings.Index
                           && kept.Contains(control.Name);
        if (sameReplica)
        {
            var current = control[0];
            current.EnabledPaths = settings.EnabledPaths;
            control[0] = current;
            return true;
        }
        control[0] = new ControlState
        {
            Status = ControlStatus.Recovering,
            MyIndex = (uint)settings.Index,
            ReplicaCount = (uint)settings.Cluster.Count,
            QuorumSize = (uint)settings.Cluster.QuorumSize,
            EnabledPaths = settings.EnabledPaths,
        };
        return false;
    }

    /// <summary>Whether a path the dispatcher runs (quorum pruning, the fast reply) is enabled.</summary>
    public static bool NeedsIngress(FastPaths paths) => (paths & (FastPaths.QuorumPrune | FastPaths.FastReply)) != 0;

    /// <summary>
    /// Whether a path the TC egress program serves is enabled: broadcast, or quorum pruning (whose quorum slots the
    /// leader's outgoing Prepares start).
    /// </summary>
    public static bool NeedsEgress(FastPaths paths) => (paths & (FastPaths.Broadcast | FastPaths.QuorumPrune)) != 0;

    /// <summary>Why no dispatcher is attached (<see cref="NeedsIngress"/> is false), as attach and status say it.</summary>
    public const string NoIngressReason = "neither prune nor reply is enabled";

    /// <summary>Why no egress program is attached (<see cref="NeedsEgress"/> is false), as attach and status say it.</summary>
    public const string NoEgressReason = "neither broadcast nor prune is enabled";

    /// <summary>Attaches the dispatcher: in place of our previous one in one step when it is attached in the same mode.</summary>
    private static XdpAttachment AttachXdp(BpfProgram dispatcher, string name, int ifindex, XdpAttachMode mode, AttachmentRecord? previous, uint attached)
    {
        try
        {
            if (previous is { } p && attached != 0 && attached == p.DispatchProgramId)
            {
                if (p.XdpMode == mode)
                    return dispatcher.ReplaceXdp(ifindex, mode, attached);
                XdpAttachment.DetachProgram(ifindex, p.XdpMode, attached);
            }
            return dispatcher.AttachXdp(ifindex, mode);
        }
        catch (BpfException e) when (e.Errno == Errno.EOPNOTSUPP)
        {
            throw new AttachException($"the driver of {name} cannot run XDP programs in {ModeName(mode)} mode (no driver support): use --xdp-mode generic");
        }
    }

    /// <summary>"native" or "generic".</summary>
    public static string ModeName(XdpAttachMode mode) => mode == XdpAttachMode.Generic ? "generic" : "native";

    private void Report(AttachSettings settings, AttachmentPaths paths, AttachmentRecord record, AttachmentRecord? previous,
        List<string> kept, List<string> rebuilt, bool controlKept)
    {
        bool again = previous is not null;
        string where = paths.IsInBpffsOwnerNamespace ? "" : paths.NetworkNamespace.Name is { } ns ? $" in netns {ns}" : $" in netns inode {paths.NetworkNamespace.Inode}";
        output.WriteLine($"{(again ? "re-attached" : "attached")} electrode fast paths {FastPathSelection.Format(settings.EnabledPaths)} to {settings.InterfaceName}{where} " +
                         $"(ifindex {record.Ifindex}) as replica {settings.Index} of {settings.Cluster.Count}");
        string how = previous is not { DispatchProgramId: not 0 } p ? "" : p.XdpMode == settings.XdpMode ? ", replaced in place" : $", moved from {ModeName(p.XdpMode)} mode";
        output.WriteLine(record.DispatchProgramId != 0
            ? $"  ingress: XDP Dispatch id {record.DispatchProgramId}, {ModeName(settings.XdpMode)} mode{how}"
            : $"  ingress: nothing attached ({NoIngressReason})");
        output.WriteLine(record.BroadcastProgramId != 0
            ? $"  egress:  TC Broadcast id {record.BroadcastProgramId}, filter handle {record.TcHandle} priority {record.TcPriority}" +
              (record.Flags.HasFlag(AttachmentFlags.CreatedClsact) ? " on a clsact qdisc attach created" : " on an existing clsact qdisc")
            : $"  egress:  nothing attached ({NoEgressReason})");
        string maps = again
            ? $"maps kept: {(kept.Count == 0 ? "none" : string.Join(", ", kept))}" + (rebuilt.Count == 0 ? "" : $"; rebuilt (restart the replica): {string.Join(", ", rebuilt)}")
            : "maps created";
        output.WriteLine($"  pinned:  {paths.ShownDirectory} ({maps})");
        output.WriteLine(controlKept
            ? "  control: kept (same cluster and index: what the replica published stays; only the enabled paths changed)"
            : $"  control: not normal until replica {settings.Index} runs with --fast-path kernel and publishes its state");
        if (record.Flags.HasFlag(AttachmentFlags.PreparedPeer))
            output.WriteLine($"  peer:    XDP PassToStack id {record.PeerProgramId} on the veth peer (ifindex {record.PeerIfindex}), native mode");
        else if (NeedsPeer(settings) && InterfaceDriver.Of(settings.InterfaceName) == "veth")
            VethNote(settings, record.Ifindex);
    }

    private void VethNote(AttachSettings settings, int ifindex)
    {
        var peer = VethPeer.Of(settings.InterfaceName, ifindex);
        string passObject = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.ObjectPath))!, ElectrodePeerObject.FileName);
        string fix = peer switch
        {
            { NameHere: { } here } when XdpAttachment.AttachedProgramId(peer.Ifindex) != 0 => "",
            { NameHere: { } here } => $": attach again with --prepare-peer to put an XDP_PASS program on {here}",
            { } other => $": its peer (ifindex {other.Ifindex}) is in another network namespace; there, run " +
                         $"`ip link set dev <peer> xdpdrv obj {passObject} sec xdp` (an XDP_PASS program)",
            null => "",
        };
        if (fix.Length == 0)
            return;
        output.WriteLine($"  note:    {settings.InterfaceName} is a veth in native mode: replies the fast-reply path sends with XDP_TX are lost " +
                         $"unless the veth's other end runs an XDP program too{fix}");
    }

    /// <summary>Only the fast reply sends with XDP_TX, which a veth in native mode delivers only to a peer running XDP.</summary>
    private static bool NeedsPeer(AttachSettings settings) =>
        settings.XdpMode == XdpAttachMode.Native && (settings.EnabledPaths & FastPaths.FastReply) != 0;

    /// <summary>
    /// With --prepare-peer on a veth in native mode, puts the XDP_PASS program on the veth's other end when it is in
    /// this namespace and runs no XDP program, or carries over the one a previous attach put there.
    /// </summary>
    private void PreparePeer(AttachSettings settings, AttachmentRecord? previous, ref AttachmentRecord record)
    {
        if (previous is { } p && p.Flags.HasFlag(AttachmentFlags.PreparedPeer) && NetworkInterfaceIndex.Exists(p.PeerIfindex)
            && XdpAttachment.AttachedProgramId(p.PeerIfindex, XdpAttachMode.Native) == p.PeerProgramId)
        {
            (record.PeerIfindex, record.PeerProgramId) = (p.PeerIfindex, p.PeerProgramId);
            record.Flags |= AttachmentFlags.PreparedPeer;
            return;
        }
        if (!settings.PreparePeer || !NeedsPeer(settings) || InterfaceDriver.Of(settings.InterfaceName) != "veth")
            return;
        var peer = VethPeer.Of(settings.InterfaceName, record.Ifindex);
        if (peer?.NameHere is null)
            return; // VethNote says what to run where the peer is
        uint existing = XdpAttachment.AttachedProgramId(peer.Ifindex);
        if (existing != 0)
        {
            output.WriteLine($"  peer:    {peer.NameHere} already runs XDP program id {existing}: left as it is");
            return;
        }
        string passObject = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.ObjectPath))!, ElectrodePeerObject.FileName);
        if (!File.Exists(passObject))
            throw new AttachException($"no {ElectrodePeerObject.FileName} beside {settings.ObjectPath} for --prepare-peer: build it with `dotnet build`");
        using var peerPass = ElectrodePeerSkeleton.Load(passObject);
        var pass = peerPass.Programs.PassToStack.AttachXdp(peer.Ifindex, XdpAttachMode.Native);
        (record.PeerIfindex, record.PeerProgramId) = (peer.Ifindex, pass.ProgramId);
        record.Flags |= AttachmentFlags.PreparedPeer;
    }
}
