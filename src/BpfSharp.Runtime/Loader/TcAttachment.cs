using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>
/// A TC classifier attached (in direct-action mode) to an interface's clsact hook by this process.
/// Disposing it removes exactly its filter (by handle and priority), and removes the clsact qdisc
/// too when this process created it and no other attachment of this process still relies on it.
/// </summary>
public sealed unsafe class TcAttachment : IDisposable
{
    private const uint ReplaceFilter = 1u << 0; // BPF_TC_F_REPLACE
    private const uint ClsactQdiscBothDirections = (uint)(TcDirection.Ingress | TcDirection.Egress);

    // ifindex -> how many live attachments of this process use a clsact qdisc this process created.
    private static readonly Dictionary<int, int> CreatedQdiscUsers = [];

    private bool detached;
    private readonly bool usesCreatedQdisc;

    private TcAttachment(int ifindex, TcDirection direction, string programName, uint handle, uint priority, uint programId, bool usesCreatedQdisc)
    {
        Ifindex = ifindex;
        Direction = direction;
        ProgramName = programName;
        Handle = handle;
        Priority = priority;
        ProgramId = programId;
        this.usesCreatedQdisc = usesCreatedQdisc;
    }

    /// <summary>The interface.</summary>
    public int Ifindex { get; }

    /// <summary>The hook: ingress or egress.</summary>
    public TcDirection Direction { get; }

    /// <summary>The attached program's name.</summary>
    public string ProgramName { get; }

    /// <summary>The filter's handle (chosen by the kernel when 0 was asked for).</summary>
    public uint Handle { get; }

    /// <summary>The filter's priority (chosen by the kernel when 0 was asked for).</summary>
    public uint Priority { get; }

    /// <summary>The attached program's kernel id.</summary>
    public uint ProgramId { get; }

    /// <summary>Whether the clsact qdisc this filter hangs on was created by this process (so undoing the attach removes it).</summary>
    public bool UsesClsactCreatedHere => usesCreatedQdisc;

    /// <summary>
    /// Removes the filter with this handle and priority from the interface's hook, for example from a
    /// later process than the one that attached it (which recorded <see cref="Handle"/> and <see cref="Priority"/>).
    /// Returns false when there is no such filter (or no clsact qdisc). The clsact qdisc stays; see <see cref="RemoveClsact"/>.
    /// </summary>
    public static bool DetachFilter(int ifindex, TcDirection direction, uint handle, uint priority)
    {
        KernelSupport.EnsureLibbpf();
        NetworkInterfaceIndex.EnsureExists(ifindex);
        if (handle == 0 || priority == 0)
            throw new ArgumentException("A filter is named by a non-zero handle and priority.");
        var hook = Hook(ifindex, (uint)direction);
        var opts = new BpfTcOpts { Size = (nuint)sizeof(BpfTcOpts), Handle = handle, Priority = priority };
        int result = Libbpf.TcDetach(&hook, &opts);
        if (-result is Errno.ENOENT or Errno.EINVAL) // no such filter, or no clsact qdisc at all
            return false;
        if (result < 0)
            throw BpfException.FromErrno($"Detaching the TC filter {handle}:{priority} from ifindex {ifindex} {direction}", result);
        return true;
    }

    /// <summary>
    /// Removes the interface's clsact qdisc and every filter on it: the undo of an attach that created it
    /// (<see cref="UsesClsactCreatedHere"/>), done by a later process. Returns false when there was none.
    /// </summary>
    public static bool RemoveClsact(int ifindex)
    {
        KernelSupport.EnsureLibbpf();
        NetworkInterfaceIndex.EnsureExists(ifindex);
        var hook = Hook(ifindex, ClsactQdiscBothDirections);
        int result = Libbpf.TcHookDestroy(&hook);
        if (-result is Errno.ENOENT or Errno.EINVAL)
            return false;
        if (result < 0)
            throw BpfException.FromErrno($"Removing the clsact qdisc from ifindex {ifindex}", result);
        return true;
    }

    internal static TcAttachment Attach(BpfProgram program, int ifindex, TcDirection direction, uint priority, uint handle, bool replace = false)
    {
        if (replace && (handle == 0 || priority == 0))
            throw new ArgumentException("The filter to replace is named by a non-zero handle and priority.");
        if (program.Type is not (BpfProgramType.SchedClassifier or BpfProgramType.SchedAction))
            throw new InvalidOperationException($"Program '{program.Name}' is a {program.Type} program, not a TC classifier.");
        if (!Enum.IsDefined(direction))
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Attach to Ingress or Egress.");
        NetworkInterfaceIndex.EnsureExists(ifindex);
        lock (CreatedQdiscUsers)
        {
            bool usesCreatedQdisc = EnsureClsact(ifindex);
            var hook = Hook(ifindex, (uint)direction);
            var opts = new BpfTcOpts
            {
                Size = (nuint)sizeof(BpfTcOpts), ProgramFd = program.Fd, Handle = handle, Priority = priority,
                Flags = replace ? ReplaceFilter : 0,
            };
            int result = Libbpf.TcAttach(&hook, &opts);
            if (result < 0)
            {
                if (usesCreatedQdisc)
                    ReleaseQdisc(ifindex);
                throw -result == Errno.EEXIST
                    ? new BpfException($"Attaching TC program '{program.Name}' to ifindex {ifindex} {direction} failed: a filter with handle {handle} and priority {priority} already exists there; choose another priority.", result)
                    : BpfException.FromErrno($"Attaching TC program '{program.Name}' to ifindex {ifindex} {direction}", result);
            }
            return new TcAttachment(ifindex, direction, program.Name, opts.Handle, opts.Priority, opts.ProgramId, usesCreatedQdisc);
        }
    }

    /// <summary>Creates the clsact qdisc unless it exists; says whether this process owns the qdisc now in place.</summary>
    private static bool EnsureClsact(int ifindex)
    {
        var hook = Hook(ifindex, ClsactQdiscBothDirections);
        int result = Libbpf.TcHookCreate(&hook);
        if (result == 0)
        {
            CreatedQdiscUsers[ifindex] = 1;
            return true;
        }
        if (-result != Errno.EEXIST)
            throw BpfException.FromErrno($"Creating the clsact qdisc on ifindex {ifindex}", result);
        if (CreatedQdiscUsers.TryGetValue(ifindex, out int users))
        {
            CreatedQdiscUsers[ifindex] = users + 1;
            return true;
        }
        return false;
    }

    private static void ReleaseQdisc(int ifindex)
    {
        int users = CreatedQdiscUsers[ifindex] - 1;
        if (users > 0)
        {
            CreatedQdiscUsers[ifindex] = users;
            return;
        }
        CreatedQdiscUsers.Remove(ifindex);
        var hook = Hook(ifindex, ClsactQdiscBothDirections);
        int result = Libbpf.TcHookDestroy(&hook);
        if (result < 0 && -result is not (Errno.ENODEV or Errno.ENOENT or Errno.EINVAL))
            throw BpfException.FromErrno($"Removing the clsact qdisc from ifindex {ifindex}", result);
    }

    private static BpfTcHook Hook(int ifindex, uint attachPoint)
        => new() { Size = (nuint)sizeof(BpfTcHook), Ifindex = ifindex, AttachPoint = (int)attachPoint };

    /// <summary>Removes the filter (and the clsact qdisc this process created, once unused); does nothing the second time.</summary>
    public void Dispose()
    {
        lock (CreatedQdiscUsers)
        {
            if (detached)
                return;
            detached = true;
            var hook = Hook(Ifindex, (uint)Direction);
            var opts = new BpfTcOpts { Size = (nuint)sizeof(BpfTcOpts), Handle = Handle, Priority = Priority };
            int result = Libbpf.TcDetach(&hook, &opts);
            if (usesCreatedQdisc)
                ReleaseQdisc(Ifindex);
            // ENODEV: the interface is gone and the filter with it; ENOENT: someone removed the filter already;
            // EINVAL: someone removed the whole clsact qdisc.
            if (result < 0 && -result is not (Errno.ENODEV or Errno.ENOENT or Errno.EINVAL))
                throw BpfException.FromErrno($"Detaching TC program '{ProgramName}' from ifindex {Ifindex} {Direction}", result);
        }
    }
}
