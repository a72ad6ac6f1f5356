using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BpfSharp.Testing;
using Electrode.Cluster.Delay;
using Electrode.Faults.Namespaces;

namespace Electrode.Cluster.Tests.Delay;

public sealed class PacketDelayerTests
{
    private const int Datagrams = 200;

    [KernelFact]
    public void DatagramsAreHeldAtLeastTheMinimum_AllArrive_SomeOvertakeOthers_AndTheRuleGoesAway()
    {
        using var ns = NetworkNamespace.Create();
        var (receiver, sender) = NamespaceThread.Run(ns.Name, () =>
        {
            var r = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
            r.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            return (r, s);
        });
        using (receiver)
        using (sender)
        {
            var order = new List<int>();
            long sentAt;
            long firstArrival;
            using (var delayer = PacketDelayer.Start(ns.Name, new DelaySettings { Minimum = TimeSpan.FromMilliseconds(3), Maximum = TimeSpan.FromMilliseconds(8), Seed = 5 }))
            {
                Assert.Contains("NFQUEUE", ExternalCommand.Run("ip", "netns", "exec", ns.Name, "iptables", "-S", "OUTPUT"));
                var buffer = new byte[4];
                sentAt = Stopwatch.GetTimestamp();
                for (int i = 0; i < Datagrams; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(buffer, i);
                    sender.SendTo(buffer, receiver.LocalEndPoint!);
                }
                var received = new byte[16];
                receiver.Receive(received);
                firstArrival = Stopwatch.GetTimestamp();
                order.Add(BinaryPrimitives.ReadInt32LittleEndian(received));
                while (order.Count < Datagrams)
                {
                    receiver.Receive(received);
                    order.Add(BinaryPrimitives.ReadInt32LittleEndian(received));
                }
                Assert.Equal(Datagrams, delayer.Delayed);
            }

            Assert.True(Stopwatch.GetElapsedTime(sentAt, firstArrival) >= TimeSpan.FromMilliseconds(3),
                $"the first datagram arrived {Stopwatch.GetElapsedTime(sentAt, firstArrival).TotalMilliseconds:F2} ms after the first send, before the minimum hold");
            Assert.Equal(Enumerable.Range(0, Datagrams), order.Order());
            Assert.True(order.Zip(order.Skip(1)).Any(p => p.First > p.Second), "no datagram overtook another");
            Assert.DoesNotContain("NFQUEUE", ExternalCommand.Run("ip", "netns", "exec", ns.Name, "iptables", "-S", "OUTPUT"));
        }
    }
}
