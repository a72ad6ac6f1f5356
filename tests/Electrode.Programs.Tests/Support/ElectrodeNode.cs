using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Vr.FastPath.ProgramMaps;

namespace Electrode.Programs.Tests.Support;

/// <summary>
/// One replica's kernel data plane in an <see cref="InProcessKernel"/>: configuration maps written as userspace writes
/// them, both handlers installed in the dispatcher's program array, and the hooks a test drives.
/// </summary>
public sealed unsafe class ElectrodeNode
{
    /// <summary>The interface the programs are attached to.</summary>
    public const uint Ifindex = 7;

    private ElectrodeNode(InProcessKernel kernel, TestCluster cluster, int me)
    {
        Kernel = kernel;
        Cluster = cluster;
        Me = me;
    }

    public InProcessKernel Kernel { get; }

    public TestCluster Cluster { get; }

    public int Me { get; }

    /// <summary>
    /// Configures <paramref name="kernel"/> as replica <paramref name="me"/> of a cluster of <paramref name="replicas"/>
    /// in <paramref name="view"/>, in normal status, with quorum f + 1 and the given paths enabled.
    /// </summary>
    public static ElectrodeNode Configure(InProcessKernel kernel, int replicas, int me, ulong view, ulong lastOp = 0,
        FastPaths paths = FastPaths.All)
    {
        var cluster = new TestCluster(replicas);
        var node = new ElectrodeNode(kernel, cluster, me);
        for (int i = 0; i < replicas; i++)
        {
            var entry = new ReplicaEntry
            {
                AddressBE = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(cluster.Endpoints[i].Ipv4),
                PortBE = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(cluster.Endpoints[i].Port),
            };
            for (int b = 0; b < 6; b++)
                entry.Mac.Bytes[b] = cluster.Macs[i][b];
            Assert.Equal(0, kernel.Map(ElectrodeMaps.Replicas).Update((uint)i, entry));
        }
        node.State = new ControlState
        {
            View = view,
            LastOp = lastOp,
            Status = ControlStatus.Normal,
            MyIndex = (uint)me,
            ReplicaCount = (uint)replicas,
            QuorumSize = (uint)((replicas - 1) / 2 + 1),
            EnabledPaths = paths,
        };
        kernel.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.FastReply, FastReply.ReplyToPrepare);
        kernel.SetTailCall(ElectrodeMaps.Handlers, HandlerSlot.QuorumPrune, QuorumPrune.PruneVotes);
        return node;
    }

    /// <summary>The control state, read and written as userspace does through the map.</summary>
    public ControlState State
    {
        get => Kernel.Map(ElectrodeMaps.Control).Lookup(0)!.Value;
        set => Assert.Equal(0, Kernel.Map(ElectrodeMaps.Control).Update(0, value));
    }

    /// <summary>Changes the control state as userspace does: read, modify, write back.</summary>
    public void ChangeState(Func<ControlState, ControlState> change) => State = change(State);

    /// <summary>A frame arriving on the replica's interface, through the dispatcher.</summary>
    public XdpRunResult Ingress(byte[] frame) => Kernel.RunXdp(IngressDispatcher.Dispatch, frame, Ifindex);

    /// <summary>A frame the replica sends, through the TC egress program.</summary>
    public TcRunResult Egress(byte[] frame) => Kernel.RunTc(BroadcastEgress.Broadcast, frame, Ifindex);

    public QuorumSlot Slot(ulong op) => Kernel.Map(ElectrodeMaps.QuorumSlots).Lookup((uint)op & QuorumSlot.IndexMask)!.Value;

    /// <summary>The counters of <paramref name="path"/>, summed over CPUs as userspace sums them.</summary>
    public PathTotals Counters(ElectrodeProgram path) => PathTotals.Sum(Kernel.Map(ElectrodeMaps.Counters).Lookup((uint)path)!);
}
