using System.Diagnostics;
using System.Text;
using Electrode.Cluster.Namespaces;
using Electrode.Faults.Namespaces;
using Electrode.Vr.Apps.KeyValue;
using Electrode.Vr.Client;
using Electrode.Vr.Linearizability;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Cluster.Tests.Support;

/// <summary>
/// Reads every shared key once the load has ended, from a client in the cluster's first client namespace (its socket
/// made on a thread that joined it), and appends the reads to the load's history. A read that starts after an
/// acknowledged put has returned must see that put or a later one, so the whole history is linearizable only if every
/// acknowledged write is still there.
/// </summary>
internal static class FinalReads
{
    public const int ClientId = 1_000_000;
    private static readonly TimeSpan ReadPatience = TimeSpan.FromSeconds(20);

    public static List<KvHistoryOperation> Of(NamespaceCluster cluster, int keys)
    {
        var (transport, client) = NamespaceThread.Run(cluster.ClientNamespace(0), () =>
        {
            var udp = new UdpTransport(cluster.Configuration());
            var vr = new VrClient(udp, options: ClientOptions.Adaptive);
            udp.Start();
            return (udp, vr);
        });
        using (transport)
        using (client)
        {
            var reads = new List<KvHistoryOperation>();
            for (int key = 0; key < keys; key++)
            {
                var get = KvOperation.Get(Encoding.UTF8.GetBytes($"k{key}"));
                long called = Stopwatch.GetTimestamp();
                var reply = client.InvokeAsync(get.Encode());
                Assert.True(reply.Wait(ReadPatience), $"the final read of k{key} got no answer within {ReadPatience.TotalSeconds} s");
                long returned = Stopwatch.GetTimestamp();
                Assert.True(KvReply.TryDecode(reply.Result, out var decoded), $"the final read of k{key} got a reply that does not decode");
                reads.Add(new KvHistoryOperation(ClientId, called, returned, get, decoded));
            }
            transport.Stop();
            return reads;
        }
    }
}
