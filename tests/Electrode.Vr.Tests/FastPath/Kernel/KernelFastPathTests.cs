using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using BpfSharp.Loader;
using BpfSharp.Testing;
using Electrode.Programs;
using Electrode.Programs.Counting;
using Electrode.Vr.FastPath.Kernel;
using Electrode.Vr.Messages;
using Electrode.Vr.Tests.Replica;
using Electrode.Vr.Transport;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.FastPath.Kernel;

/// <summary>
/// A follower replica on the real kernel fast path: two namespaces joined by a veth pair, the follower's end with
/// electrode.bpf.o attached, a leader's socket at the other end. The Prepare the leader sends is answered on the wire by
/// the kernel and reaches the replica's log through the ring buffer its event loop waits on.
/// </summary>
public sealed partial class KernelFastPathTests
{
    private const ushort LeaderPort = 7400;
    private const ulong Prepares = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public static TheoryData<XdpAttachMode, string> ModesAndWakeups => new()
    {
        { XdpAttachMode.Generic, nameof(HandOverWakeups.Batched) },
        { XdpAttachMode.Native, nameof(HandOverWakeups.Batched) },
        { XdpAttachMode.Generic, nameof(HandOverWakeups.EveryRecord) },
        { XdpAttachMode.Native, nameof(HandOverWakeups.EveryRecord) },
    };

    [KernelTheory]
    [MemberData(nameof(ModesAndWakeups))]
    public void Prepares_are_answered_on_the_wire_by_the_kernel_and_logged_by_the_follower(XdpAttachMode mode, string wakeups)
    {
        using var followerNs = NetworkNamespace.Create();
        using var leaderNs = NetworkNamespace.Create();
        string stem = "kfp" + Guid.NewGuid().ToString("N")[..8];
        string followerIf = stem + "f", leaderIf = stem + "l";
        followerNs.Ip("link", "add", followerIf, "type", "veth", "peer", "name", leaderIf, "netns", leaderNs.Name);
        int subnet = Random.Shared.Next(0, 1 << 14) * 4;
        var followerIp = new IPAddress([10, 214, (byte)(subnet >> 8), (byte)((subnet & 255) + 1)]);
        var leaderIp = new IPAddress([10, 214, (byte)(subnet >> 8), (byte)((subnet & 255) + 2)]);
        followerNs.Ip("address", "add", $"{followerIp}/30", "dev", followerIf);
        leaderNs.Ip("address", "add", $"{leaderIp}/30", "dev", leaderIf);
        followerNs.Ip("link", "set", followerIf, "up");
        leaderNs.Ip("link", "set", leaderIf, "up");
        byte[] followerMac = MacOf(followerNs, followerIf), leaderMac = MacOf(leaderNs, leaderIf);
        var configuration = new ClusterConfiguration(
        [
            new ReplicaEndpoint(Endpoint(leaderIp, LeaderPort), leaderMac),
            new ReplicaEndpoint(Endpoint(followerIp, LeaderPort + 1), followerMac),
            new ReplicaEndpoint(Endpoint(leaderIp, LeaderPort + 2), leaderMac),
        ]);

        using var inFollowerNs = new NamespaceThread(followerNs);
        using var inLeaderNs = new NamespaceThread(leaderNs);
        var follower = inFollowerNs.Invoke(() => AttachedFollower.Start(configuration, 1, followerIf, mode,
            wakeups == nameof(HandOverWakeups.Batched) ? HandOverWakeups.Batched : HandOverWakeups.EveryRecord));
        // On a native veth, frames sent with XDP_TX reach the peer only if it runs an XDP program (DESIGN.md §9): the
        // dispatcher of an unconfigured object passes everything.
        var peerPass = mode == XdpAttachMode.Native ? inLeaderNs.Invoke(() => PassingProgram.Attach(leaderIf)) : null;
        try
        {
            using var leader = inLeaderNs.Invoke(() => LeaderSocket(leaderIp));
            for (ulong op = 1; op <= Prepares; op++)
            {
                var prepare = ReplicaTestBed.Prepare(0, op, $"kernel {op}");

                leader.SendTo(MessageEncoder.EncodeToArray(prepare), new IPEndPoint(followerIp, LeaderPort + 1));
                var answer = Receive(leader);

                Assert.True(answer.IsSuccess, answer.ToString());
                Assert.True(answer.Info.KernelBuilt, "the PrepareOK was built by userspace, not by the kernel");
                Assert.Equal(new PrepareOKMessage { View = 0, Opnum = op, ReplicaIdx = 1 }, answer.Message);
            }
            WaitUntil(() => follower.OnLoop(r => r.LastOp) == Prepares, "the handed-over Prepares never all reached the log");
            Assert.Equal("kernel 1", follower.OnLoop(r => r.FindEntry(1)!.Request.Op.ToStringUtf8()));
            Assert.Equal($"kernel {Prepares}", follower.OnLoop(r => r.FindEntry(Prepares)!.Request.Op.ToStringUtf8()));
            var counters = follower.FastPath.Counters(ElectrodeProgram.FastReply);
            Assert.Equal((Prepares, Prepares), (counters.Seen, counters.Transmitted));
            Assert.Equal(Prepares, follower.FastPath.KernelState.LastOp);
            Assert.Equal(0, follower.Replica.Counters.HandedOverOutOfOrder);
        }
        finally
        {
            inFollowerNs.Invoke(follower.Dispose);
            if (peerPass is not null)
                inLeaderNs.Invoke(peerPass.Dispose);
        }
    }

    private static Socket LeaderSocket(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetRawSocketOption(1, 11, BitConverter.GetBytes(1)); // SO_NO_CHECK: the programs pass checksummed datagrams up
        socket.Bind(new IPEndPoint(address, LeaderPort));
        socket.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        return socket;
    }

    private static DecodeResult Receive(Socket socket)
    {
        var buffer = new byte[65_535];
        int length = socket.Receive(buffer);
        return MessageDecoder.TryDecode(buffer.AsSpan(0, length));
    }

    private static EndpointAddress Endpoint(IPAddress address, int port) =>
        new(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()), (ushort)port);

    private static byte[] MacOf(NetworkNamespace ns, string interfaceName)
    {
        var match = MacPattern().Match(ns.Ip("-o", "link", "show", "dev", interfaceName));
        Assert.True(match.Success, $"no MAC for {interfaceName}");
        return Convert.FromHexString(match.Groups[1].Value.Replace(":", ""));
    }

    private static void WaitUntil(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, failure);
            Thread.Sleep(10);
        }
    }

    [GeneratedRegex("link/ether ([0-9a-f:]{17})")]
    private static partial Regex MacPattern();

    /// <summary>An unconfigured electrode.bpf.o whose dispatcher passes every frame.</summary>
    private sealed class PassingProgram : IDisposable
    {
        private readonly ElectrodeSkeleton electrode;
        private readonly XdpAttachment attachment;

        private PassingProgram(string interfaceName)
        {
            electrode = ElectrodeSkeleton.Load();
            attachment = electrode.Programs.Dispatch.AttachXdp(interfaceName, XdpAttachMode.Native);
        }

        public static PassingProgram Attach(string interfaceName) => new(interfaceName);

        public void Dispose()
        {
            attachment.Dispose();
            electrode.Dispose();
        }
    }
}
