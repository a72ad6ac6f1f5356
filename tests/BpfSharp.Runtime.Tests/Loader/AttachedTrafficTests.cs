using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

/// <summary>Attached programs see real packets: UDP sent to a namespace the test creates, through a veth it creates.</summary>
public sealed class AttachedTrafficTests : IDisposable
{
    private const int Datagrams = 5;
    private static readonly TimeSpan PatienceForPackets = TimeSpan.FromSeconds(10);

    private readonly BpfObject obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
    private readonly LoadedBpfObject loaded;
    private readonly NetworkNamespace ns;
    private readonly VethPair veth;

    public AttachedTrafficTests()
    {
        loaded = obj.Load();
        ns = NetworkNamespace.Create();
        try
        {
            veth = VethPair.Create(ns);
            veth.AssignAddresses();
        }
        catch
        {
            ns.Dispose(); // takes the peer end, and so the whole pair, with it
            throw;
        }
    }

    public void Dispose()
    {
        loaded.Dispose();
        obj.Dispose();
        veth.Dispose();
        ns.Dispose();
    }

    private ulong Count(uint key) => loaded.Map("counters").TryLookup(key, out ulong count) ? count : 0;

    [KernelFact]
    public void Tc_egress_program_counts_every_datagram_sent_and_stops_counting_once_detached()
    {
        loaded.Map("counters").Update(1u, 0ul);
        using (loaded.Program("tc_count").AttachTc(veth.Ifindex, TcDirection.Egress))
        {
            SendDatagrams();
            WaitUntil(() => Count(1) >= Datagrams);
        }
        ulong afterDetach = Count(1);

        SendDatagrams();

        Assert.True(afterDetach >= Datagrams, $"egress counted {afterDetach} packets");
        Assert.Equal(afterDetach, Count(1));
    }

    [KernelFact]
    public void Xdp_program_counts_the_namespace_s_answers_arriving_on_the_veth()
    {
        loaded.Map("counters").Update(0u, 0ul);
        using var attachment = loaded.Program("xdp_count").AttachXdp(veth.Ifindex, XdpAttachMode.Generic);

        SendDatagrams();
        // The namespace answers with an ARP reply and ICMP port-unreachable messages.
        WaitUntil(() => Count(0) >= 2);

        Assert.True(Count(0) >= 2, $"XDP counted {Count(0)} packets");
    }

    private void SendDatagrams()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(veth.PeerAddress!, 9);
        for (int i = 0; i < Datagrams; i++)
            socket.SendTo("bpfsharp"u8, target);
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < PatienceForPackets)
            Thread.Sleep(20);
    }
}
