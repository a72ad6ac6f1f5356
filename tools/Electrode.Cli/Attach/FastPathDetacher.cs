using BpfSharp;
using BpfSharp.Loader;
using Electrode.Vr.FastPath.Kernel.Attachment;

namespace Electrode.Cli.Attach;

/// <summary>
/// Undoes exactly what <c>electrode attach</c> recorded for an interface: its XDP program if it attached one and it is
/// still attached, its TC filter if it attached one, the clsact qdisc if attach created it, then the pins and their
/// directory.
/// </summary>
internal sealed class FastPathDetacher(TextWriter output)
{
    /// <summary>Detaches from <paramref name="interfaceName"/> of the caller's network namespace.</summary>
    /// <exception cref="AttachException">Nothing is attached there.</exception>
    public void Detach(string interfaceName)
    {
        var paths = AttachmentPaths.For(interfaceName);
        if (!Directory.Exists(paths.Directory))
            throw new AttachException($"nothing is attached to {interfaceName} in this network namespace (no pins at {paths.ShownDirectory})");
        AttachmentRecord? record;
        try
        {
            record = File.Exists(paths.Record) ? AttachmentRecordMap.Read(paths.Record) : null;
        }
        catch (BpfException)
        {
            record = null;
        }
        int ifindex = InterfaceLookup.IfindexOrZero(interfaceName);
        if (record is not { } r)
            output.WriteLine($"{paths.Record} holds no readable record: removing the pins only");
        else if (ifindex != r.Ifindex || (r.NetworkNamespaceCookie != 0 && r.NetworkNamespaceCookie != paths.NetworkNamespace.Cookie))
            output.WriteLine($"the interface attach recorded (ifindex {r.Ifindex}) is gone, and its programs with it: removing the pins only");
        else
            UndoAttachments(interfaceName, r);
        paths.Remove();
        output.WriteLine($"removed {paths.ShownDirectory}");
    }

    private void UndoAttachments(string name, AttachmentRecord record)
    {
        string mode = FastPathAttacher.ModeName(record.XdpMode);
        if (record.DispatchProgramId != 0)
            output.WriteLine(XdpAttachment.DetachProgram(record.Ifindex, record.XdpMode, record.DispatchProgramId)
                ? $"detached XDP program id {record.DispatchProgramId} ({mode}) from {name}"
                : $"XDP program id {record.DispatchProgramId} is no longer attached to {name} in {mode} mode: whatever is there is left alone");
        if (record.BroadcastProgramId != 0)
            output.WriteLine(TcAttachment.DetachFilter(record.Ifindex, TcDirection.Egress, record.TcHandle, record.TcPriority)
                ? $"removed TC egress filter handle {record.TcHandle} priority {record.TcPriority}"
                : $"TC egress filter handle {record.TcHandle} priority {record.TcPriority} was already gone");
        if (record.Flags.HasFlag(AttachmentFlags.CreatedClsact) && TcAttachment.RemoveClsact(record.Ifindex))
            output.WriteLine("removed the clsact qdisc attach created");
        if (record.Flags.HasFlag(AttachmentFlags.PreparedPeer) && NetworkInterfaceIndex.Exists(record.PeerIfindex)
            && XdpAttachment.DetachProgram(record.PeerIfindex, XdpAttachMode.Native, record.PeerProgramId))
            output.WriteLine($"detached XDP program id {record.PeerProgramId} from the veth peer (ifindex {record.PeerIfindex})");
    }
}
