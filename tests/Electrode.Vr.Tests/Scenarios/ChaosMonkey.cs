using Electrode.Vr.Replica;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>
/// Seeded random failures within VR's fault bound: every 1-15 s of virtual time it picks a replica and, while
/// fewer than f replicas are down, either cuts it off for 1-30 s or rebuilds it from scratch (down until it has
/// recovered). Stops acting after <paramref name="activeFor"/>, so the run can converge.
/// </summary>
internal sealed class ChaosMonkey(VrCluster cluster, int seed, TimeSpan activeFor)
{
    private readonly Random random = new(seed);
    private readonly HashSet<int> down = [];
    private readonly int faultBound = (cluster.Replicas.Length - 1) / 2;

    public int Isolations { get; private set; }

    public int Rebuilds { get; private set; }

    public void Start() => cluster.Transport.StartTimer(NextPause(), Act);

    private void Act()
    {
        if (cluster.Network.Now > activeFor) return;
        var victim = random.Next(cluster.Replicas.Length);
        var rebuild = random.Next(3) == 0;
        if (down.Count < faultBound && down.Add(victim))
        {
            if (rebuild)
            {
                Rebuilds++;
                cluster.Rebuild(victim);
                WaitForRecovery(victim);
            }
            else
            {
                Isolations++;
                var cut = cluster.Isolate(victim);
                cluster.Transport.StartTimer(TimeSpan.FromSeconds(random.Next(1, 31)), () =>
                {
                    cluster.Network.RemoveFilter(cut);
                    down.Remove(victim);
                });
            }
        }
        cluster.Transport.StartTimer(NextPause(), Act);
    }

    private void WaitForRecovery(int replica) =>
        cluster.Transport.StartTimer(TimeSpan.FromSeconds(1), () =>
        {
            if (cluster.Replicas[replica].Status == ReplicaStatus.Recovering)
                WaitForRecovery(replica);
            else
                down.Remove(replica);
        });

    private TimeSpan NextPause() => TimeSpan.FromSeconds(random.Next(1, 16));
}
