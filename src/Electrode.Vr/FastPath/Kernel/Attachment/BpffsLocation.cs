using System.Globalization;

namespace Electrode.Vr.FastPath.Kernel.Attachment;

/// <summary>
/// The bpffs where attachments are pinned, reachable alike from every command, wherever it runs.
/// <c>ip netns exec</c> gives each command a mount namespace of its own with a fresh /sys, so a bpffs mounted there
/// dies with the command. A command run that way therefore pins through the root of the nearest ancestor process in
/// another mount namespace (the shell or program that ran <c>ip netns exec</c>), into that namespace's
/// <c>/sys/fs/bpf</c>: <c>/proc/&lt;pid&gt;/root/sys/fs/bpf</c>. A command in the same mount namespace as its
/// ancestors uses its own <c>/sys/fs/bpf</c>.
/// </summary>
/// <param name="Root">The bpffs directory, as this process reaches it.</param>
/// <param name="OwnerPid">The ancestor whose mount namespace holds the bpffs, or null for this process's own.</param>
/// <param name="OwnerNetworkNamespaceInode">The network namespace of the processes that own the bpffs, when readable.</param>
public sealed record BpffsLocation(string Root, int? OwnerPid, ulong? OwnerNetworkNamespaceInode)
{
    /// <summary>Where bpffs is conventionally mounted.</summary>
    public const string ConventionalMountPoint = "/sys/fs/bpf";

    /// <summary>Finds the bpffs for the calling process.</summary>
    /// <exception cref="FastPathNotAttachedException">No bpffs is mounted where the pins must go.</exception>
    public static BpffsLocation Find()
    {
        ulong? ownMounts = NetworkNamespaceIdentity.NamespaceInode("/proc/self/ns/mnt");
        ulong? oldestNetwork = NetworkNamespaceIdentity.NamespaceInode("/proc/self/ns/net");
        for (int pid = ParentOf(Environment.ProcessId); pid > 0; pid = ParentOf(pid))
        {
            ulong? mounts = NetworkNamespaceIdentity.NamespaceInode($"/proc/{pid}/ns/mnt");
            if (mounts is null)
                break; // not ours to look into: stop at what we can see
            ulong? network = NetworkNamespaceIdentity.NamespaceInode($"/proc/{pid}/ns/net");
            if (mounts == ownMounts)
            {
                oldestNetwork = network ?? oldestNetwork;
                continue;
            }
            string root = $"/proc/{pid}/root{ConventionalMountPoint}";
            EnsureBpffs($"/proc/{pid}/mounts", root, "the namespace that ran this command");
            return new BpffsLocation(root, pid, network);
        }
        EnsureBpffs("/proc/self/mounts", ConventionalMountPoint, "this mount namespace");
        // The bpffs belongs to the system's first processes; their network namespace is the one that needs no directory.
        return new BpffsLocation(ConventionalMountPoint, null, oldestNetwork);
    }

    private static void EnsureBpffs(string mountTable, string shownPath, string where)
    {
        bool mounted;
        try
        {
            mounted = File.ReadLines(mountTable).Select(line => line.Split(' '))
                .Any(fields => fields.Length > 2 && fields[1] == ConventionalMountPoint && fields[2] == "bpf");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FastPathNotAttachedException($"cannot read {mountTable} to find bpffs for {shownPath}: {e.Message}");
        }
        if (!mounted)
            throw new FastPathNotAttachedException(
                $"no bpffs is mounted at {ConventionalMountPoint} in {where}: run `mount -t bpf bpf {ConventionalMountPoint}` there first");
    }

    /// <summary>The parent of <paramref name="pid"/>, or 0 when it has none or cannot be read.</summary>
    private static int ParentOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        // "pid (comm) state ppid ...": the command may hold spaces and parentheses, so read after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parent) ? parent : 0;
    }
}
