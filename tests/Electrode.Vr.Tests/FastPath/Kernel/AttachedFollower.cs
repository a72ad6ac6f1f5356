using BpfSharp.Loader;
using Electrode.Programs;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Vr.Apps;
using Electrode.Vr.FastPath.Kernel;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Replica;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Vr.Tests.FastPath.Kernel;

/// <summary>
/// A follower replica on the kernel fast path, built on the thread of its namespace: electrode.bpf.o loaded through its generated bindings, its
/// dispatcher attached to the follower's interface, the replica on a UDP transport whose loop waits on the ring buffer.
/// </summary>
internal sealed class AttachedFollower : IDisposable
{
    private readonly ElectrodeSkeleton electrode;
    private readonly XdpAttachment attachment;

    private AttachedFollower(ElectrodeSkeleton electrode, XdpAttachment attachment, UdpTransport transport, KernelFastPath fastPath, VrReplica replica)
    {
        this.electrode = electrode;
        this.attachment = attachment;
        Transport = transport;
        FastPath = fastPath;
        Replica = replica;
    }

    public UdpTransport Transport { get; }

    public KernelFastPath FastPath { get; }

    public VrReplica Replica { get; }

    /// <summary>
    /// Loads and attaches the object on <paramref name="interfaceName"/>, and starts replica <paramref name="index"/>
    /// learning of handed-over Prepares as <paramref name="wakeups"/> says.
    /// </summary>
    public static AttachedFollower Start(ClusterConfiguration configuration, int index, string interfaceName, XdpAttachMode mode,
        HandOverWakeups wakeups)
    {
        var electrode = ElectrodeSkeleton.Load();
        electrode.Maps.Handlers.Set(HandlerSlot.FastReply, electrode.Programs.ReplyToPrepare);
        electrode.Maps.Handlers.Set(HandlerSlot.QuorumPrune, electrode.Programs.PruneVotes);
        for (int i = 0; i < configuration.Count; i++)
        {
            var replica = configuration.Replicas[i];
            electrode.Maps.Replicas[(uint)i] = ReplicaEntries.For(replica.Address, replica.Mac);
        }
        var attachment = electrode.Programs.Dispatch.AttachXdp(interfaceName, mode);
        var transport = new UdpTransport(configuration, new UdpTransportOptions { WithoutUdpChecksums = true });
        var fastPath = new KernelFastPath(electrode.Maps, FastPaths.FastReply, wakeups);
        var follower = new VrReplica(transport, index, new EchoApp(), fastPath: fastPath);
        fastPath.WaitOn(transport);
        transport.Start();
        return new AttachedFollower(electrode, attachment, transport, fastPath, follower);
    }

    /// <summary>A value read on the replica's loop.</summary>
    public T OnLoop<T>(Func<VrReplica, T> read)
    {
        var result = new TaskCompletionSource<T>();
        Transport.Post(() => result.SetResult(read(Replica)));
        return result.Task.WaitAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
    }

    /// <summary>Stops the loop, then takes the replica, the fast path and the attachment down; call on the namespace's thread.</summary>
    public void Dispose()
    {
        Transport.Stop();
        Replica.Dispose();
        FastPath.Dispose();
        Transport.Dispose();
        attachment.Dispose();
        electrode.Dispose();
    }
}
