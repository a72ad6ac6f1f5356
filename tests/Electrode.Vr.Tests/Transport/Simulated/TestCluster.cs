using Electrode.Vr.Messages;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Transport.Simulated;

/// <summary>A simulated network with n registered replicas and some clients.</summary>
internal sealed class TestCluster
{
    public TestCluster(int replicas, int clients = 1, int seed = 1, ISimulatedDataPlane? dataPlane = null, bool trace = false)
    {
        Network = new SimulatedNetwork(Configuration(replicas), seed, dataPlane, trace);
        Replicas = Enumerable.Range(0, replicas).Select(i =>
        {
            var r = new RecordingReceiver(() => Network.Now);
            Network.Register(r, i);
            return r;
        }).ToArray();
        Clients = Enumerable.Range(0, clients).Select(_ =>
        {
            var c = new RecordingReceiver(() => Network.Now);
            Network.Register(c, null);
            return c;
        }).ToArray();
    }

    public SimulatedNetwork Network { get; }
    public RecordingReceiver[] Replicas { get; }
    public RecordingReceiver[] Clients { get; }

    public static ClusterConfiguration Configuration(int n) =>
        new(Enumerable.Range(0, n).Select(i => new ReplicaEndpoint(new EndpointAddress(0x0a000001 + (uint)i, 7000))).ToArray());

    public static CommitMessage Commit(ulong op) => new() { View = 1, Opnum = op };

    public static IEnumerable<ulong> OpsOf(RecordingReceiver r) => r.Messages.Select(m => ((CommitMessage)m.Message).Opnum);
}
