using Electrode.Vr.Apps;
using Electrode.Vr.Client;
using Electrode.Vr.Replica;
using Electrode.Vr.Tests.Transport.Udp;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Vr.Tests.Cluster;

/// <summary>
/// Replicas on real UDP sockets on 127.0.0.1, each with its own transport and event-loop thread, all in the test
/// process; and closed-loop echo clients sharing one more transport. Replica state is read on its loop thread.
/// </summary>
internal sealed class UdpReplicaCluster : IDisposable
{
    /// <summary>Bound on every wait of a test, load included.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly List<UdpTransport> replicaTransports = [];
    private readonly List<VrReplica> replicas = [];
    private readonly List<EchoApp> apps = [];

    public UdpReplicaCluster(int n)
    {
        Configuration = Loopback.Configuration(n);
        // A short heartbeat lets followers learn the final commit soon after the last request.
        var options = new ReplicaOptions { NullCommitTimeout = TimeSpan.FromMilliseconds(50) };
        for (int i = 0; i < n; i++)
        {
            var transport = new UdpTransport(Configuration, Loopback.Options);
            var app = new EchoApp();
            replicaTransports.Add(transport);
            apps.Add(app);
            replicas.Add(new VrReplica(transport, i, app, options));
            transport.Start();
        }
    }

    public ClusterConfiguration Configuration { get; }

    public UdpTransportCounters TransportCounters(int replica) => replicaTransports[replica].Counters;

    /// <summary>
    /// Runs <paramref name="clients"/> closed-loop clients until each has had <paramref name="perClient"/> replies
    /// (operation "c&lt;client&gt;-&lt;k&gt;"), or the deadline; returns each client's operations and the replies they got.
    /// </summary>
    public IReadOnlyList<List<(string Operation, string Reply)>> RunClosedLoop(int clients, int perClient)
    {
        using var transport = new UdpTransport(Configuration, Loopback.Options);
        var answers = Enumerable.Range(0, clients).Select(_ => new List<(string, string)>()).ToList();
        using var finished = new CountdownEvent(clients);
        var vrClients = Enumerable.Range(0, clients).Select(_ => new VrClient(transport)).ToList();
        transport.Start();

        void SendNext(int c)
        {
            string operation = $"c{c}-{answers[c].Count}";
            vrClients[c].Invoke(System.Text.Encoding.UTF8.GetBytes(operation), reply =>
            {
                answers[c].Add((operation, System.Text.Encoding.UTF8.GetString(reply)));
                if (answers[c].Count < perClient)
                    SendNext(c);
                else
                    finished.Signal();
            });
        }

        transport.Post(() => Enumerable.Range(0, clients).ToList().ForEach(SendNext));
        bool done = finished.Wait(Deadline);
        transport.Stop();
        Assert.True(done, $"clients completed {string.Join(", ", answers.Select(a => a.Count))} of {perClient} requests each within {Deadline}");
        return answers;
    }

    /// <summary>Waits until every replica has committed (and executed) <paramref name="opNumber"/>.</summary>
    public bool WaitUntilAllCommitted(ulong opNumber) =>
        Loopback.WaitUntil(() => Enumerable.Range(0, replicas.Count).All(i => OnLoop(i, () => replicas[i].LastCommitted) >= opNumber));

    /// <summary>Stops every replica's loop and returns the operations each executed, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> StopAndCollectExecuted()
    {
        replicaTransports.ForEach(t => t.Stop());
        return apps.Select(a => (IReadOnlyList<string>)a.Ops.ToList()).ToList();
    }

    public void Dispose()
    {
        replicas.ForEach(r => r.Dispose());
        replicaTransports.ForEach(t => t.Dispose());
    }

    private T OnLoop<T>(int replica, Func<T> read)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        replicaTransports[replica].Post(() => result.SetResult(read()));
        return result.Task.Wait(Deadline) ? result.Task.Result : throw new TimeoutException($"replica {replica}'s loop did not answer within {Deadline}");
    }
}
