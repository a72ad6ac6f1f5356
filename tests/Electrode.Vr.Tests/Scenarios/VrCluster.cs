using Electrode.Vr.Apps;
using Electrode.Vr.Client;
using Electrode.Vr.Replica;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>The scenario fixture: n replicas running the echo app and some clients on a seeded simulated network.</summary>
internal sealed class VrCluster
{
    private readonly FastPathVariant fastPath;
    private readonly ReplicaOptions options;

    public VrCluster(int replicas = 3, int batchSize = 1, string fastPath = "none", int clients = 1, int seed = 1,
        Func<ReplicaOptions, ReplicaOptions>? configure = null)
    {
        Network = new SimulatedNetwork(Configuration(replicas), seed);
        this.fastPath = FastPathVariant.Create(fastPath);
        this.fastPath.Attach(Network);
        options = (configure ?? (o => o))(new ReplicaOptions { BatchSize = batchSize });
        Apps = new EchoApp[replicas];
        Replicas = new VrReplica[replicas];
        for (var i = 0; i < replicas; i++)
        {
            Apps[i] = new EchoApp();
            Replicas[i] = new VrReplica(Network, i, Apps[i], options, this.fastPath.ForReplica(i));
        }
        Clients = Enumerable.Range(0, clients).Select(c => new VrClient(Network, clientId: 1000 + (ulong)c)).ToArray();
    }

    public SimulatedNetwork Network { get; }

    public ITransport Transport => Network;

    public EchoApp[] Apps { get; }

    public VrReplica[] Replicas { get; }

    public VrClient[] Clients { get; }

    /// <summary>Cuts replica <paramref name="replica"/> off the network; returns the filter id that reconnects it when removed.</summary>
    public long Isolate(int replica) => Network.AddFilter(PacketFilter.Isolate(replica));

    /// <summary>
    /// Destroys replica <paramref name="replica"/> (its frames in flight are lost) and builds it anew at the same
    /// index, recovering, with a fresh application.
    /// </summary>
    public void Rebuild(int replica)
    {
        Replicas[replica].Dispose();
        Network.Unregister(Replicas[replica]);
        Apps[replica] = new EchoApp();
        Replicas[replica] = new VrReplica(Network, replica, Apps[replica], options, fastPath.ForReplica(replica), recovering: true);
    }

    /// <summary>Runs until <paramref name="until"/> holds or <paramref name="cap"/> of virtual time passes; a message storm
    /// that stops time from advancing ends the run after two million events instead of hanging the suite.</summary>
    public RunResult Run(Func<bool> until, TimeSpan cap) => Network.Run(until, cap, maxEvents: 2_000_000);

    public static ClusterConfiguration Configuration(int n) =>
        new(Enumerable.Range(0, n).Select(i => new ReplicaEndpoint(new EndpointAddress(0x0a000001 + (uint)i, 12345))).ToArray());
}
