using System.Buffers.Binary;
using BpfSharp.Loader;
using Electrode.Programs;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Transport;
using Electrode.Vr.Wire;
using Google.Protobuf;
using MapSet = Electrode.Programs.ElectrodeSkeleton.MapSet;

namespace Electrode.Bench.Codegen;

/// <summary>
/// A 3-replica cluster in view 0 (replica 0 leads): its addresses, the frames the fast paths see, built with the real
/// codec, and the map contents userspace writes, applied alike to our object and to the C reference.
/// </summary>
internal static unsafe class BenchCluster
{
    public const int Replicas = 3;
    public const int Leader = 0;
    public const int Follower = 1;
    public const int OtherFollower = 2;
    public const ulong View = 0;
    public const ulong Op = 1;

    /// <summary>Bytes of the one client request a Prepare carries.</summary>
    private const int RequestBytes = 64;

    private static readonly EndpointAddress[] Endpoints = Enumerable.Range(0, Replicas)
        .Select(i => new EndpointAddress(0x0A010014u + ((uint)i << 8) + (uint)i, (ushort)(7100 + 11 * i)))
        .ToArray();

    private static readonly byte[][] Macs = Enumerable.Range(0, Replicas)
        .Select(i => new byte[] { 0x02, 0xAB, 0xCD, (byte)(0x30 + i), (byte)(0x40 + i), (byte)(0x50 + i) })
        .ToArray();

    /// <summary>The leader's Prepare of op 1 to the follower; with the broadcast bit, as the leader sends it to egress.</summary>
    public static byte[] Prepare(bool broadcast)
    {
        var message = new PrepareMessage { View = View, Opnum = Op, Batchstart = Op };
        message.Request.Add(new Request
        {
            Op = ByteString.CopyFrom(Enumerable.Range(0, RequestBytes).Select(i => (byte)i).ToArray()),
            Clientid = 901,
            Clientreqid = 1,
        });
        return Frame(Leader, Follower, MessageEncoder.EncodeToArray(message, broadcast ? FastHeader.Broadcast : 0));
    }

    /// <summary>The follower's protobuf PrepareOK of op 1 to the leader.</summary>
    public static byte[] PrepareOk() =>
        Frame(Follower, Leader, MessageEncoder.EncodeToArray(new PrepareOKMessage { View = View, Opnum = Op, ReplicaIdx = Follower }));

    /// <summary>The follower's kernel-built PrepareOK of op 1 to the leader (what fast reply sends).</summary>
    public static byte[] KernelPrepareOk(int from = Follower) =>
        Frame(from, Leader, Electrode.Vr.Wire.KernelPrepareOk.EncodeToArray(View, Op, (uint)from));

    /// <summary>Writes the configuration of replica <paramref name="me"/>, all fast paths enabled, last op 0.</summary>
    public static void Configure(MapSet maps, int me)
    {
        for (int i = 0; i < Replicas; i++)
        {
            var entry = new ReplicaEntry
            {
                AddressBE = BinaryPrimitives.ReverseEndianness(Endpoints[i].Ipv4),
                PortBE = BinaryPrimitives.ReverseEndianness(Endpoints[i].Port),
            };
            for (int b = 0; b < MacAddress.Length; b++)
                entry.Mac.Bytes[b] = Macs[i][b];
            maps.Replicas[(uint)i] = entry;
        }
        maps.Control[0] = new ControlState
        {
            View = View,
            LastOp = 0,
            Status = ControlStatus.Normal,
            MyIndex = (uint)me,
            ReplicaCount = Replicas,
            QuorumSize = Replicas / 2 + 1,
            EnabledPaths = FastPaths.All,
        };
    }

    /// <summary>Sets the follower's last op back to 0, so that the Prepare of op 1 is again the next in order.</summary>
    public static void ResetLastOp(MapSet maps) => SetLastOp(maps, 0);

    private static void SetLastOp(MapSet maps, ulong lastOp)
    {
        var state = maps.Control[0];
        state.LastOp = lastOp;
        maps.Control[0] = state;
    }

    /// <summary>Sets the follower's last op to 1, so that the Prepare of op 1 is a retransmission.</summary>
    public static void AdvanceLastOp(MapSet maps) => SetLastOp(maps, Op);

    /// <summary>Fills op 1's quorum slot with the leader's and the follower's votes: a quorum of 3 replicas.</summary>
    public static void CompleteQuorumSlot(MapSet maps) =>
        maps.QuorumSlots[(uint)Op & QuorumSlot.IndexMask] = new QuorumSlot { View = View, Op = Op, Voters = (1u << Leader) | (1u << Follower) };

    /// <summary>Resets op 1's quorum slot to the leader's own vote, as the egress path does when the leader sends the Prepare.</summary>
    public static void ResetQuorumSlot(MapSet maps) =>
        maps.QuorumSlots[(uint)Op & QuorumSlot.IndexMask] = new QuorumSlot { View = View, Op = Op, Voters = 1u << Leader };

    private static byte[] Frame(int from, int to, byte[] datagram) =>
        UdpFrame.Build(Macs[from], Macs[to], Endpoints[from], Endpoints[to], datagram);
}
