using Electrode.Programs.Layout;
using Electrode.Vr.Apps;
using Electrode.Vr.Client;
using Electrode.Vr.FastPath;
using Electrode.Vr.FastPath.Simulated;
using Electrode.Vr.Replica;
using Electrode.Vr.Tests.Scenarios;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.FastPath.Simulated;

/// <summary>
/// Replicas running the echo app with the simulated fast paths (the given ones enabled) or none, one client, and a
/// transport that counts what reaches each replica's userspace.
/// </summary>
internal sealed class FastPathCluster
{
    public FastPathCluster(int replicas, FastPaths enabled, int batchSize = 1)
    {
        Network = new SimulatedNetwork(VrCluster.Configuration(replicas), seed: 1);
        DataPlane = enabled == FastPaths.None ? null : new SimulatedDataPlane(Network, enabled);
        Transport = new CountingTransport(Network);
        Apps = new EchoApp[replicas];
        Replicas = new VrReplica[replicas];
        for (var i = 0; i < replicas; i++)
        {
            Apps[i] = new EchoApp();
            IFastPath fastPath = DataPlane is null ? new NoFastPath() : DataPlane.Boot(i);
            Replicas[i] = new VrReplica(Transport, i, Apps[i], new ReplicaOptions { BatchSize = batchSize }, fastPath);
        }
        Client = new VrClient(Transport, clientId: 1000);
    }

    public SimulatedNetwork Network { get; }

    public SimulatedDataPlane? DataPlane { get; }

    public CountingTransport Transport { get; }

    public EchoApp[] Apps { get; }

    public VrReplica[] Replicas { get; }

    public VrClient Client { get; }

    public SimulatedFastPath Kernel(int replica) => DataPlane!.KernelOf(replica)!;

    /// <summary>Sends <paramref name="count"/> requests one after another and runs until every replica executed them.</summary>
    public void RunOps(int count)
    {
        var driver = new ClientDriver(Client, Transport, count, n => $"test: {n}");
        driver.Start();
        var result = Network.Run(() => driver.Done && Apps.All(a => a.Ops.Count == count), TimeSpan.FromMinutes(1));
        Assert.Equal(RunResult.Satisfied, result);
        Assert.Empty(driver.WrongAnswers());
    }
}
