using Electrode.Vr.Transport.Simulated;
using static Electrode.Vr.Tests.Transport.Simulated.TestCluster;

namespace Electrode.Vr.Tests.Transport.Simulated;

public class SimulatedNetworkDeterminismTests
{
    private static IReadOnlyList<string> Scenario(int seed)
    {
        var c = new TestCluster(3, clients: 2, seed: seed, trace: true);
        c.Network.AddFilter(PacketFilter.Drop(probability: 0.2));
        c.Network.AddFilter(PacketFilter.Reorder(TimeSpan.FromMilliseconds(3), p => p.ToReplica == 1));
        c.Network.AddFilter(PacketFilter.Duplicate(1, probability: 0.1));
        foreach (var r in c.Replicas)
            r.OnReceive = (from, m) => c.Network.Send(r, from, m);
        ulong op = 0;
        void Tick()
        {
            c.Network.SendToAllReplicas(c.Clients[(int)(op % 2)], Commit(op++));
            if (op < 200)
                c.Network.StartTimer(TimeSpan.FromMilliseconds(1), Tick);
        }
        Tick();
        c.Network.Run(cap: TimeSpan.FromSeconds(10));
        return c.Network.Trace;
    }

    [Fact]
    public void SameSeedGivesTheSameTrace()
    {
        var first = Scenario(77);
        Assert.True(first.Count > 1000);
        Assert.Equal(first, Scenario(77));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentTraces() => Assert.NotEqual(Scenario(77), Scenario(78));
}
