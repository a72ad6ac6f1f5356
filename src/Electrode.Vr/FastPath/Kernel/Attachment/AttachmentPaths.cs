namespace Electrode.Vr.FastPath.Kernel.Attachment;

/// <summary>
/// Where one interface's attachment is pinned:
/// <code>
/// &lt;bpffs&gt;/electrode/&lt;iface&gt;/                 the interface in the namespace that owns the bpffs
/// &lt;bpffs&gt;/electrode/netns:&lt;name&gt;/&lt;iface&gt;/    in the namespace `ip netns` calls &lt;name&gt;
/// &lt;bpffs&gt;/electrode/netns-inode:&lt;n&gt;/&lt;iface&gt;/ in an unnamed namespace with nsfs inode &lt;n&gt;
///     attachment            array map, one AttachmentRecord: what attach made
///     maps/&lt;name&gt;           every map of the object, by its name (Control, Replicas, QuorumSlots, Prepared, Handlers, Counters)
///     programs/&lt;name&gt;       every program of the object, by its name (Dispatch, ReplyToPrepare, PruneVotes, Broadcast)
/// </code>
/// Interface names cannot hold ':', so a namespace directory never clashes with an interface's.
/// </summary>
public sealed class AttachmentPaths
{
    /// <summary>The directory under the bpffs root that holds every attachment.</summary>
    public const string BaseName = "electrode";

    /// <summary>Name of the record's pin in an interface's directory.</summary>
    public const string RecordPin = "attachment";

    private const string NamedNamespacePrefix = "netns:";
    private const string UnnamedNamespacePrefix = "netns-inode:";

    private AttachmentPaths(string interfaceName, string directory, NetworkNamespaceIdentity networkNamespace, bool inOwnerNamespace)
    {
        InterfaceName = interfaceName;
        Directory = directory;
        NetworkNamespace = networkNamespace;
        IsInBpffsOwnerNamespace = inOwnerNamespace;
    }

    /// <summary>The interface.</summary>
    public string InterfaceName { get; }

    /// <summary>The interface's directory.</summary>
    public string Directory { get; }

    /// <summary>
    /// <see cref="Directory"/> as it appears in the namespace that owns the bpffs (without the <c>/proc/&lt;pid&gt;/root</c>
    /// a command inside <c>ip netns exec</c> reaches it through): what to show a user.
    /// </summary>
    public string ShownDirectory =>
        Directory.StartsWith("/proc/", StringComparison.Ordinal) && Directory.IndexOf("/root/", StringComparison.Ordinal) is var root and > 0
            ? Directory[(root + "/root".Length)..]
            : Directory;

    /// <summary>The network namespace the interface is looked up in (the caller's).</summary>
    public NetworkNamespaceIdentity NetworkNamespace { get; }

    /// <summary>Whether the caller's network namespace is the one of the process owning the bpffs (no namespace directory).</summary>
    public bool IsInBpffsOwnerNamespace { get; }

    /// <summary>The pinned record.</summary>
    public string Record => Path.Combine(Directory, RecordPin);

    /// <summary>The directory of the map pins.</summary>
    public string MapsDirectory => Path.Combine(Directory, "maps");

    /// <summary>The directory of the program pins.</summary>
    public string ProgramsDirectory => Path.Combine(Directory, "programs");

    /// <summary>The pin of map <paramref name="name"/>.</summary>
    public string Map(string name) => Path.Combine(MapsDirectory, name);

    /// <summary>The pin of program <paramref name="name"/>.</summary>
    public string Program(string name) => Path.Combine(ProgramsDirectory, name);

    /// <summary>
    /// How to run a command so that it acts on this interface: prefixed with <c>ip netns exec &lt;name&gt;</c> when the
    /// interface is in a named namespace other than the bpffs owner's.
    /// </summary>
    public string CommandFor(string command) =>
        IsInBpffsOwnerNamespace || NetworkNamespace.Name is null ? command : $"ip netns exec {NetworkNamespace.Name} {command}";

    /// <summary>
    /// Removes the interface's directory with every pin in it, then the namespace directory and the base directory
    /// when they are left empty.
    /// </summary>
    public void Remove()
    {
        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
        for (var parent = Path.GetDirectoryName(Directory); parent is not null && !IsBpffsRoot(parent); parent = Path.GetDirectoryName(parent))
        {
            if (!System.IO.Directory.Exists(parent) || System.IO.Directory.EnumerateFileSystemEntries(parent).Any())
                break;
            try
            {
                System.IO.Directory.Delete(parent);
            }
            catch (IOException)
            {
                break; // another attach has just put something there, or removed it first
            }
        }

        static bool IsBpffsRoot(string directory) => directory.EndsWith(BpffsLocation.ConventionalMountPoint, StringComparison.Ordinal);
    }

    /// <summary>Where <paramref name="interfaceName"/> of the caller's network namespace is pinned.</summary>
    /// <exception cref="FastPathNotAttachedException">No bpffs is mounted where the pins must go.</exception>
    public static AttachmentPaths For(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        if (interfaceName.Contains('/') || interfaceName is "." or "..")
            throw new ArgumentException($"'{interfaceName}' is not an interface name", nameof(interfaceName));
        var (namespaceDirectory, identity, inOwner) = NamespaceDirectory();
        return new AttachmentPaths(interfaceName, Path.Combine(namespaceDirectory, interfaceName), identity, inOwner);
    }

    /// <summary>The interfaces with a directory in the caller's network namespace, in name order.</summary>
    public static IReadOnlyList<AttachmentPaths> AllInCurrentNamespace()
    {
        var (namespaceDirectory, identity, inOwner) = NamespaceDirectory();
        if (!System.IO.Directory.Exists(namespaceDirectory))
            return [];
        return System.IO.Directory.EnumerateDirectories(namespaceDirectory)
            .Select(Path.GetFileName)
            .Where(name => name is not null && !name.Contains(':'))
            .Order(StringComparer.Ordinal)
            .Select(name => new AttachmentPaths(name!, Path.Combine(namespaceDirectory, name!), identity, inOwner))
            .ToList();
    }

    private static (string Directory, NetworkNamespaceIdentity Identity, bool InOwner) NamespaceDirectory()
    {
        var bpffs = BpffsLocation.Find();
        var identity = NetworkNamespaceIdentity.Current();
        string root = Path.Combine(bpffs.Root, BaseName);
        bool inOwner = bpffs.OwnerNetworkNamespaceInode is null || bpffs.OwnerNetworkNamespaceInode == identity.Inode;
        if (inOwner)
            return (root, identity, true);
        string key = identity.Name is { } name ? NamedNamespacePrefix + name : UnnamedNamespacePrefix + identity.Inode;
        return (Path.Combine(root, key), identity, false);
    }
}
