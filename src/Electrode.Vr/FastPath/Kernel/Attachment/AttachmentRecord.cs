using System.Runtime.InteropServices;
using System.Text;
using BpfSharp.Loader;
using Electrode.Programs.Layout;

namespace Electrode.Vr.FastPath.Kernel.Attachment;

/// <summary>
/// What <c>electrode attach</c> made on one interface, so that a later process (status, detach, a replica, the next
/// attach) can find it and undo exactly it. Stored as the only value of the pinned array map
/// <see cref="AttachmentPaths.RecordPin"/> (bpffs holds no regular files); the layout is fixed and versioned.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct AttachmentRecord
{
    /// <summary>"ELAT", little-endian: marks a record written by <c>electrode attach</c>.</summary>
    public const uint ExpectedMagic = 0x54414c45;

    /// <summary>Layout version; a reader refuses any other.</summary>
    public const uint CurrentVersion = 1;

    /// <summary>Room for an interface name (IFNAMSIZ).</summary>
    public const int InterfaceNameBytes = 16;

    /// <summary><see cref="ExpectedMagic"/>.</summary>
    public uint Magic;

    /// <summary><see cref="CurrentVersion"/>.</summary>
    public uint Version;

    /// <summary>The interface's ifindex when it was attached.</summary>
    public int Ifindex;

    /// <summary>The mode the ingress dispatcher was attached in (native or generic).</summary>
    public XdpAttachMode XdpMode;

    /// <summary>Kernel id of the XDP ingress dispatcher.</summary>
    public uint DispatchProgramId;

    /// <summary>Kernel id of the fast-reply handler in the program array.</summary>
    public uint FastReplyProgramId;

    /// <summary>Kernel id of the quorum-prune handler in the program array.</summary>
    public uint QuorumPruneProgramId;

    /// <summary>Kernel id of the TC egress broadcast program.</summary>
    public uint BroadcastProgramId;

    /// <summary>Handle of the TC egress filter.</summary>
    public uint TcHandle;

    /// <summary>Priority of the TC egress filter.</summary>
    public uint TcPriority;

    /// <summary>What else attach did.</summary>
    public AttachmentFlags Flags;

    /// <summary>The veth peer attach put an XDP_PASS program on (<see cref="AttachmentFlags.PreparedPeer"/>), in this namespace.</summary>
    public int PeerIfindex;

    /// <summary>Kernel id of that program, attached in native mode.</summary>
    public uint PeerProgramId;

    /// <summary>This replica's index in the cluster file.</summary>
    public uint ReplicaIndex;

    /// <summary>Replicas in the cluster file.</summary>
    public uint ReplicaCount;

    /// <summary>The fast paths attach enabled; the replica writes them into every control state it publishes.</summary>
    public FastPaths EnabledPaths;

    /// <summary>The cluster's fingerprint (the hash of its addresses that also names replica data directories).</summary>
    public ulong ClusterFingerprint;

    /// <summary>Cookie of the network namespace the interface was in (unique until reboot; 0 when the kernel has none).</summary>
    public ulong NetworkNamespaceCookie;

    /// <summary>When attach finished, in seconds since the Unix epoch.</summary>
    public long AttachedAtUnixSeconds;

    /// <summary>The interface's name, NUL-padded.</summary>
    public fixed byte InterfaceNameBytesField[InterfaceNameBytes];

    /// <summary>Size of the record in the map.</summary>
    public static int Size => sizeof(AttachmentRecord);

    /// <summary>The interface's name.</summary>
    public readonly string InterfaceName
    {
        get
        {
            fixed (byte* name = InterfaceNameBytesField)
            {
                var bytes = new ReadOnlySpan<byte>(name, InterfaceNameBytes);
                int end = bytes.IndexOf((byte)0);
                return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
            }
        }
    }

    /// <summary>Sets <see cref="InterfaceName"/>.</summary>
    public void SetInterfaceName(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length >= InterfaceNameBytes)
            throw new ArgumentException($"an interface name has at most {InterfaceNameBytes - 1} bytes: '{name}'", nameof(name));
        fixed (byte* field = InterfaceNameBytesField)
        {
            var target = new Span<byte>(field, InterfaceNameBytes);
            target.Clear();
            bytes.CopyTo(target);
        }
    }

    /// <summary>Whether this is a record of the current layout.</summary>
    public readonly bool IsValid => Magic == ExpectedMagic && Version == CurrentVersion;

    /// <summary>The cluster fingerprint as the 16 hex digits a replica data directory's name carries.</summary>
    public readonly string ClusterFingerprintText => ClusterFingerprint.ToString("x16");
}

/// <summary>What attach did besides attaching its programs.</summary>
[Flags]
public enum AttachmentFlags : uint
{
    /// <summary>Nothing else.</summary>
    None = 0,

    /// <summary>Attach created the interface's clsact qdisc, so detach removes it (and only then).</summary>
    CreatedClsact = 1,

    /// <summary>Attach put an XDP_PASS program on the interface's veth peer (native mode), so detach removes it.</summary>
    PreparedPeer = 2,
}
