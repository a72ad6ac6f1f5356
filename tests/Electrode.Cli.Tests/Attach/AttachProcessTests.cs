using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BpfSharp.Testing;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;

namespace Electrode.Cli.Tests.Attach;

/// <summary>
/// <c>electrode attach</c>, <c>status</c> and <c>detach</c> as separate <c>ip netns exec</c> processes on replicas in
/// namespaces of their own, each with an interface named eth0, checked against what netlink and bpffs show.
/// </summary>
public sealed class AttachProcessTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("electrode-attach-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [KernelTheory]
    [InlineData("native")]
    [InlineData("generic")]
    public void Attach_status_reattach_and_detach_run_as_separate_namespace_commands_find_each_other_and_leave_nothing_behind(string mode)
    {
        using var network = ReplicaNetwork.Create(replicas: 3);
        network.AddNeighbour(0, 1);
        network.AddNeighbour(1, 0);
        string cluster = network.WriteClusterFile(scratch, 3, withMac: 2);

        var first = Succeeds(network.Namespace(0), "attach", ReplicaNetwork.Interface, "-c", cluster, "-i", "0", "--xdp-mode", mode);
        Assert.StartsWith("attached", first);
        Succeeds(network.Namespace(1), "attach", ReplicaNetwork.Interface, "-c", cluster, "-i", "1", "--xdp-mode", mode);

        var (xdpId, xdpMode) = network.XdpProgram(0);
        Assert.Equal(mode, xdpMode);
        Assert.True(network.HasClsact(0));
        Assert.True(Directory.Exists(network.PinDirectory(0)));
        Assert.True(Directory.Exists(network.PinDirectory(1)));

        // Each namespace's eth0 has its own attachment: status in each finds its own record.
        var status0 = Status(network.Namespace(0));
        var status1 = Status(network.Namespace(1));
        Assert.Equal("attached", status0.GetProperty("state").GetString());
        Assert.Equal(xdpId, status0.GetProperty("record").GetProperty("dispatchProgramId").GetUInt32());
        Assert.Equal(0u, status0.GetProperty("record").GetProperty("replicaIndex").GetUInt32());
        Assert.Equal(1u, status1.GetProperty("record").GetProperty("replicaIndex").GetUInt32());
        Assert.Equal("recovering", status0.GetProperty("control").GetProperty("status").GetString());
        Assert.Equal(4, status0.GetProperty("counters").EnumerateObject().Count());

        var again = Succeeds(network.Namespace(0), "attach", ReplicaNetwork.Interface, "-c", cluster, "-i", "0", "--xdp-mode", mode, "--fast-paths", "reply");
        Assert.StartsWith("re-attached", again);
        Assert.Contains("replaced in place", again);
        Assert.Contains("maps kept: Control, Replicas, QuorumSlots, Prepared, Handlers, Counters", again);
        var (replacedId, replacedMode) = network.XdpProgram(0);
        Assert.NotEqual(xdpId, replacedId);
        Assert.Equal(mode, replacedMode);
        var reattached = Status(network.Namespace(0));
        Assert.Equal(replacedId, reattached.GetProperty("record").GetProperty("dispatchProgramId").GetUInt32());
        Assert.Equal("reply", reattached.GetProperty("control").GetProperty("fastPaths").GetString());
        // Neither broadcast nor prune is enabled any more: the egress filter and the clsact qdisc the first attach created are gone.
        Assert.Equal(0u, reattached.GetProperty("record").GetProperty("broadcastProgramId").GetUInt32());
        Assert.False(network.HasClsact(0));

        Succeeds(network.Namespace(0), "detach", ReplicaNetwork.Interface);
        Succeeds(network.Namespace(1), "detach", ReplicaNetwork.Interface);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal((0u, (string?)null), network.XdpProgram(i));
            Assert.False(network.HasClsact(i));
            Assert.False(Directory.Exists(network.PinDirectory(i)));
            Assert.False(Directory.Exists(Path.GetDirectoryName(network.PinDirectory(i))));
        }
        var (exit, _, error) = ReplicaNetwork.Electrode(network.Namespace(0), "status", ReplicaNetwork.Interface);
        Assert.Equal(1, exit);
        Assert.StartsWith("electrode status: nothing is attached to eth0", error);
    }

    [KernelFact]
    public void Attach_puts_on_only_the_programs_the_enabled_paths_run_and_attaching_again_adds_and_removes_them()
    {
        using var network = ReplicaNetwork.Create(replicas: 1);
        string cluster = network.WriteClusterFile(scratch, 1);
        string[] attach = ["attach", ReplicaNetwork.Interface, "-c", cluster, "-i", "0", "--xdp-mode", "generic", "--fast-paths"];

        var broadcastOnly = Succeeds(network.Namespace(0), [.. attach, "broadcast"]);
        Assert.Contains("ingress: nothing attached (neither prune nor reply is enabled)", broadcastOnly);
        Assert.Equal((0u, (string?)null), network.XdpProgram(0));
        Assert.True(network.HasClsact(0));
        var status = Status(network.Namespace(0));
        Assert.Equal("attached", status.GetProperty("state").GetString());
        Assert.Equal(0u, status.GetProperty("record").GetProperty("dispatchProgramId").GetUInt32());
        Assert.NotEqual(0u, status.GetProperty("record").GetProperty("broadcastProgramId").GetUInt32());

        // Prune needs the egress program too: the leader's Prepares start their quorum slots there.
        var pruneOnly = Succeeds(network.Namespace(0), [.. attach, "prune"]);
        Assert.Contains("egress:  TC Broadcast id", pruneOnly);
        var (xdpId, xdpMode) = network.XdpProgram(0);
        Assert.Equal("generic", xdpMode);
        Assert.True(network.HasClsact(0));
        status = Status(network.Namespace(0));
        Assert.Equal(xdpId, status.GetProperty("record").GetProperty("dispatchProgramId").GetUInt32());
        Assert.NotEqual(0u, status.GetProperty("record").GetProperty("broadcastProgramId").GetUInt32());

        var replyOnly = Succeeds(network.Namespace(0), [.. attach, "reply"]);
        Assert.Contains("egress:  nothing attached (neither broadcast nor prune is enabled)", replyOnly);
        Assert.False(network.HasClsact(0));

        Succeeds(network.Namespace(0), [.. attach, "none"]);
        Assert.Equal((0u, (string?)null), network.XdpProgram(0));
        Assert.False(network.HasClsact(0));
        Assert.Equal("attached", Status(network.Namespace(0)).GetProperty("state").GetString());

        Succeeds(network.Namespace(0), [.. attach, "all"]);
        Assert.NotEqual(0u, network.XdpProgram(0).Id);
        Assert.True(network.HasClsact(0));

        Succeeds(network.Namespace(0), "detach", ReplicaNetwork.Interface);
        Assert.Equal((0u, (string?)null), network.XdpProgram(0));
        Assert.False(network.HasClsact(0));
        Assert.False(Directory.Exists(network.PinDirectory(0)));
    }

    [KernelFact]
    public void A_leader_Prepare_with_the_broadcast_bit_reaches_every_other_replica_once()
    {
        using var network = ReplicaNetwork.Create(replicas: 3);
        network.AddNeighbour(0, 1);
        string cluster = network.WriteClusterFile(scratch, 3, withMac: 2);
        Succeeds(network.Namespace(0), "attach", ReplicaNetwork.Interface, "-c", cluster, "-i", "0", "--fast-paths", "broadcast");
        try
        {
            using var leader = NamespaceSocket.Bind(network.Namespace(0), network.Address(0), ReplicaNetwork.Port);
            using var follower1 = NamespaceSocket.Bind(network.Namespace(1), network.Address(1), ReplicaNetwork.Port);
            using var follower2 = NamespaceSocket.Bind(network.Namespace(2), network.Address(2), ReplicaNetwork.Port);
            var prepare = new PrepareMessage { View = 0, Opnum = 1, Batchstart = 1 };
            prepare.Request.Add(new Request { Op = Google.Protobuf.ByteString.CopyFromUtf8("put k v"), Clientid = 7, Clientreqid = 1 });

            leader.SendTo(MessageEncoder.EncodeToArray(prepare, FastHeader.Broadcast), new IPEndPoint(IPAddress.Parse(network.Address(1)), ReplicaNetwork.Port));

            byte[] expected = MessageEncoder.EncodeToArray(prepare, 0); // the bit is cleared on every copy
            foreach (var follower in new[] { follower1, follower2 })
            {
                Assert.Equal(expected, Receive(follower, TimeSpan.FromSeconds(5)));
                Assert.Null(Receive(follower, TimeSpan.FromMilliseconds(300)));
            }
            var broadcast = Status(network.Namespace(0)).GetProperty("counters").GetProperty("broadcast");
            Assert.Equal(1ul, broadcast.GetProperty("seen").GetUInt64());
            Assert.Equal(1ul, broadcast.GetProperty("tx").GetUInt64());
        }
        finally
        {
            Succeeds(network.Namespace(0), "detach", ReplicaNetwork.Interface);
        }
    }

    [KernelFact]
    public void Attach_refuses_an_interface_whose_XDP_program_it_did_not_attach_and_leaves_that_program()
    {
        using var network = ReplicaNetwork.Create(replicas: 1);
        string cluster = network.WriteClusterFile(scratch, 1);
        string foreign = Path.Combine(AppContext.BaseDirectory, "electrode-peer.bpf.o");
        network.Ip(network.Namespace(0), "link", "set", "dev", ReplicaNetwork.Interface, "xdpgeneric", "obj", foreign, "sec", "xdp");
        var (foreignId, _) = network.XdpProgram(0);

        var (exit, output, error) = ReplicaNetwork.Electrode(network.Namespace(0), "attach", ReplicaNetwork.Interface, "-c", cluster, "-i", "0");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"electrode attach: eth0 already has an XDP program (id {foreignId}) that electrode did not attach; it is left alone: " +
                     "remove it first (`bpftool net detach xdp dev eth0`)", error.TrimEnd());
        Assert.Equal(foreignId, network.XdpProgram(0).Id);
        Assert.False(Directory.Exists(network.PinDirectory(0)));
        Assert.False(network.HasClsact(0));
    }

    private static string Succeeds(string ns, params string[] arguments)
    {
        var (exit, output, error) = ReplicaNetwork.Electrode(ns, arguments);
        Assert.True(exit == 0, $"electrode {string.Join(' ', arguments)} in {ns} exited {exit}: {error}{output}");
        Assert.Equal("", error);
        return output;
    }

    private static JsonElement Status(string ns)
    {
        using var json = JsonDocument.Parse(Succeeds(ns, "status", ReplicaNetwork.Interface, "--json"));
        return Assert.Single(json.RootElement.EnumerateArray()).Clone();
    }

    private static byte[]? Receive(Socket socket, TimeSpan timeout)
    {
        if (!socket.Poll(timeout, SelectMode.SelectRead))
            return null;
        var buffer = new byte[4096];
        int length = socket.Receive(buffer);
        return buffer[..length];
    }
}
