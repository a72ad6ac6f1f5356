using System.Net;
using System.Net.Sockets;
using BpfSharp.Testing;
using Electrode.Faults.Control;
using Electrode.Faults.Namespaces;

namespace Electrode.Faults.Tests;

/// <summary>The harness with the injector attached to its namespace's loopback, and real datagrams sent there.</summary>
public class LossNamespaceTests
{
    private const int Datagrams = 200;
    private const ushort Port = 7001;

    [KernelFact]
    public void Every_datagram_arrives_twice_when_all_are_duplicated_and_never_a_third_time()
    {
        using var harness = LossNamespace.Create(new FaultSettings { DuplicatePpm = 1_000_000, FirstPort = Port, LastPort = Port });

        var received = NamespaceThread.Run(harness.Name, SendAndReceive);

        Assert.All(Enumerable.Range(0, Datagrams), i => Assert.Equal(2, received.Count(r => r == i)));
        Assert.Equal(2 * Datagrams, received.Count);
        var counters = harness.Injector.ReadCounters();
        Assert.Equal(((ulong)Datagrams, (ulong)Datagrams, (ulong)Datagrams, 0ul),
            (counters.Seen, counters.Duplicated, counters.ClonesPassed, counters.Dropped));
    }

    [KernelFact]
    public void What_arrives_is_what_was_sent_less_what_the_injector_dropped()
    {
        using var harness = LossNamespace.Create(new FaultSettings { LossPpm = 300_000, FirstPort = Port, LastPort = Port, Seed = 5 });

        var received = NamespaceThread.Run(harness.Name, SendAndReceive);

        var counters = harness.Injector.ReadCounters();
        Assert.Equal((ulong)Datagrams, counters.Seen);
        Assert.InRange(counters.Dropped, 1ul, Datagrams - 1ul);
        Assert.Equal(Datagrams - (int)counters.Dropped, received.Count);
        Assert.Equal(received.Count, received.Distinct().Count());
    }

    [KernelFact]
    public void Disposing_removes_the_namespace_it_made()
    {
        var harness = LossNamespace.Create(new FaultSettings());
        string name = harness.Name;
        Assert.StartsWith($"electrode-loss-{Environment.ProcessId}-", name);
        Assert.True(File.Exists($"/run/netns/{name}"));

        harness.Dispose();

        Assert.False(File.Exists($"/run/netns/{name}"));
        Assert.DoesNotContain(name, ExternalCommand.Run("ip", "netns", "list"));
    }

    [KernelFact]
    public void Inconsistent_settings_are_refused_before_anything_is_made()
    {
        var error = Assert.Throws<ArgumentException>(() => LossNamespace.Create(new FaultSettings { LossPpm = 600_000, DuplicatePpm = 600_000 }));

        Assert.Contains("lower one of them", error.Message);
        // The tests of this class run one after another, so no other harness of this process exists meanwhile.
        Assert.DoesNotContain($"electrode-loss-{Environment.ProcessId}-", ExternalCommand.Run("ip", "netns", "list"));
    }

    /// <summary>Sends datagrams 0..N-1 to 127.0.0.1:<see cref="Port"/> and returns the numbers received until the line goes quiet.</summary>
    private static List<int> SendAndReceive()
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.ReceiveBufferSize = 1 << 20;
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, Port));
        receiver.ReceiveTimeout = 500;
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < Datagrams; i++)
            sender.SendTo(BitConverter.GetBytes(i), receiver.LocalEndPoint!);
        var received = new List<int>();
        var buffer = new byte[64];
        while (received.Count <= 3 * Datagrams)
        {
            try
            {
                receiver.Receive(buffer);
                received.Add(BitConverter.ToInt32(buffer, 0));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                break;
            }
        }
        return received;
    }
}
