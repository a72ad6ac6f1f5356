using System.Runtime.InteropServices;
using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>
/// An XDP program attached to an interface by this process. Disposing it detaches exactly that
/// program: if someone has since replaced it, their program is left alone.
/// </summary>
public sealed unsafe class XdpAttachment : IDisposable
{
    private const uint UpdateIfNoExist = 1u << 0; // XDP_FLAGS_UPDATE_IF_NOEXIST
    private const uint Replace = 1u << 4;         // XDP_FLAGS_REPLACE

    // Our own duplicate of the program's descriptor, so the detach can name the program even after its object is closed.
    private int programFd;

    private XdpAttachment(int ifindex, XdpAttachMode mode, string programName, uint programId, int programFd)
    {
        Ifindex = ifindex;
        Mode = mode;
        ProgramName = programName;
        ProgramId = programId;
        this.programFd = programFd;
    }

    /// <summary>The interface the program is attached to.</summary>
    public int Ifindex { get; }

    /// <summary>The mode it was attached in.</summary>
    public XdpAttachMode Mode { get; }

    /// <summary>The attached program's name.</summary>
    public string ProgramName { get; }

    /// <summary>The attached program's kernel id.</summary>
    public uint ProgramId { get; }

    /// <summary>Whether <see cref="Dispose"/> has detached the program.</summary>
    public bool IsDetached => programFd < 0;

    /// <summary>
    /// The id of the XDP program attached to an interface in the given mode (any mode for
    /// <see cref="XdpAttachMode.Default"/>), or 0 when there is none; whoever attached it.
    /// </summary>
    public static uint AttachedProgramId(int ifindex, XdpAttachMode mode = XdpAttachMode.Default)
    {
        KernelSupport.EnsureLibbpf();
        NetworkInterfaceIndex.EnsureExists(ifindex);
        uint programId;
        int result = Libbpf.XdpQueryId(ifindex, (int)mode, &programId);
        if (result < 0)
            throw BpfException.FromErrno($"Querying the XDP program of ifindex {ifindex}", result);
        return programId;
    }

    /// <summary>
    /// Detaches the XDP program with id <paramref name="programId"/> if it is the one attached to the
    /// interface in <paramref name="mode"/> (the mode it was attached in), for example from a later process
    /// than the one that attached it. Returns false, changing nothing, when another program or none is attached.
    /// </summary>
    public static bool DetachProgram(int ifindex, XdpAttachMode mode, uint programId)
    {
        KernelSupport.EnsureLibbpf();
        NetworkInterfaceIndex.EnsureExists(ifindex);
        int fd = Libbpf.ProgramGetFdById(programId);
        if (fd == -Errno.ENOENT)
            return false;
        if (fd < 0)
            throw BpfException.FromErrno($"Opening XDP program id {programId}", fd);
        try
        {
            var opts = new BpfXdpAttachOpts { Size = (nuint)sizeof(BpfXdpAttachOpts), OldProgramFd = fd };
            int result = Libbpf.XdpDetach(ifindex, (uint)mode | Replace, &opts);
            if (result == -Errno.EEXIST)
                return false;
            if (result < 0)
                throw BpfException.FromErrno($"Detaching XDP program id {programId} from ifindex {ifindex}", result);
            return true;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    internal static XdpAttachment Attach(BpfProgram program, int ifindex, XdpAttachMode mode)
    {
        if (program.Type != BpfProgramType.Xdp)
            throw new InvalidOperationException($"Program '{program.Name}' is a {program.Type} program, not an XDP program.");
        NetworkInterfaceIndex.EnsureExists(ifindex);
        int fd = Libc.DuplicateCloseOnExec(program.Fd, Libc.FcntlDuplicateCloseOnExec, 3);
        if (fd < 0)
            throw BpfException.FromErrno($"Duplicating the descriptor of program '{program.Name}'", Marshal.GetLastPInvokeError());
        // Never replace a program someone else attached.
        int result = Libbpf.XdpAttach(ifindex, fd, (uint)mode | UpdateIfNoExist, null);
        if (result < 0)
        {
            Libc.Close(fd);
            throw AttachFailure(program.Name, ifindex, mode, result);
        }
        return new XdpAttachment(ifindex, mode, program.Name, program.Id, fd);
    }

    internal static XdpAttachment ReplaceProgram(BpfProgram program, int ifindex, XdpAttachMode mode, uint oldProgramId)
    {
        if (program.Type != BpfProgramType.Xdp)
            throw new InvalidOperationException($"Program '{program.Name}' is a {program.Type} program, not an XDP program.");
        NetworkInterfaceIndex.EnsureExists(ifindex);
        int oldFd = Libbpf.ProgramGetFdById(oldProgramId);
        if (oldFd < 0)
            throw BpfException.FromErrno($"Opening XDP program id {oldProgramId} to replace it", oldFd);
        int fd = Libc.DuplicateCloseOnExec(program.Fd, Libc.FcntlDuplicateCloseOnExec, 3);
        if (fd < 0)
        {
            Libc.Close(oldFd);
            throw BpfException.FromErrno($"Duplicating the descriptor of program '{program.Name}'", Marshal.GetLastPInvokeError());
        }
        // The kernel swaps the programs in one step, and only if the old one is still attached: no packet goes unseen.
        var opts = new BpfXdpAttachOpts { Size = (nuint)sizeof(BpfXdpAttachOpts), OldProgramFd = oldFd };
        int result = Libbpf.XdpAttach(ifindex, fd, (uint)mode | Replace, &opts);
        Libc.Close(oldFd);
        if (result < 0)
        {
            Libc.Close(fd);
            if (result == -Errno.EEXIST)
                throw new BpfException(
                    $"Replacing XDP program id {oldProgramId} on ifindex {ifindex} with '{program.Name}' failed: it is no longer the program attached there in {mode} mode.", result);
            throw AttachFailure(program.Name, ifindex, mode, result);
        }
        return new XdpAttachment(ifindex, mode, program.Name, program.Id, fd);
    }

    private static BpfException AttachFailure(string programName, int ifindex, XdpAttachMode mode, int result)
    {
        string operation = $"Attaching XDP program '{programName}' to ifindex {ifindex} in {mode} mode";
        return -result switch
        {
            Errno.ENODEV => new NetworkInterfaceNotFoundException($"with ifindex {ifindex}"),
            Errno.EBUSY or Errno.EEXIST => new BpfException(
                $"{operation} failed: {Errno.Describe(result)}: another XDP program is already attached there; detach it first (`ip link set dev <name> xdp off`).", result),
            Errno.EOPNOTSUPP => new BpfException(
                $"{operation} failed: {Errno.Describe(result)}: the driver does not support this mode; use XdpAttachMode.Generic.", result),
            _ => BpfException.FromErrno(operation, result),
        };
    }

    /// <summary>Detaches the program if it is still the one attached; does nothing the second time.</summary>
    public void Dispose()
    {
        if (programFd < 0)
            return;
        var opts = new BpfXdpAttachOpts { Size = (nuint)sizeof(BpfXdpAttachOpts), OldProgramFd = programFd };
        int result = Libbpf.XdpDetach(Ifindex, (uint)Mode | Replace, &opts);
        Libc.Close(programFd);
        programFd = -1;
        // ENODEV: the interface is gone and the program with it; EEXIST: another program replaced ours.
        if (result < 0 && -result is not (Errno.ENODEV or Errno.EEXIST))
            throw BpfException.FromErrno($"Detaching XDP program '{ProgramName}' from ifindex {Ifindex}", result);
    }
}
