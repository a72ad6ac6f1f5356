using Electrode.Vr.Replica;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>
/// Seeded random failures within VR's fault bound. Every 1-15 s of virtual time, while fewer than f replicas are
/// down, it does the next of these, in turn, so that every run has all three however soon it converges: cut a
/// replica off entirely for 1-30 s; split a minority of replicas from the rest for 1-30 s (clients still reach
/// everyone, so a cut-off leader keeps preparing what it cannot commit); rebuild a replica from scratch (down until
/// it has recovered). Stops acting after <paramref name="activeFor"/>, so the
/// run can converge.
/// </summary>
internal sealed class ChaosMonkey(VrCluster cluster, int seed, TimeSpan activeFor)
{
    private readonly Random random = new(seed);
    private readonly HashSet<int> down = [];
    private readonly int faultBound = (cluster.Replicas.Length - 1) / 2;

    public int Isolations { get; private set; }

    public int Partitions { get; private set; }

    public int Rebuilds { get; private set; }

    public void Start() => cluster.Transport.StartTimer(NextPause(), Act);

    private void Act()
    {
        if (cluster.Network.Now > activeFor) return;
        var room = faultBound - down.Count;
        if (room > 0)
        {
            switch ((Isolations + Partitions + Rebuilds) % 3)
            {
                case 0:
                    Isolate(PickUp(1));
                    break;
                case 1:
                    Partition(PickUp(random.Next(1, room + 1)));
                    break;
                default:
                    Rebuild(PickUp(1)[0]);
                    break;
            }
        }
        cluster.Transport.StartTimer(NextPause(), Act);
    }

    private int[] PickUp(int count)
    {
        var picked = Enumerable.Range(0, cluster.Replicas.Length).Where(i => !down.Contains(i))
            .OrderBy(_ => random.Next()).Take(count).ToArray();
        down.UnionWith(picked);
        return picked;
    }

    private void Isolate(int[] replicas)
    {
        Isolations++;
        HealLater(cluster.Isolate(replicas[0]), replicas);
    }

    private void Partition(int[] minority)
    {
        Partitions++;
        var side = minority.ToHashSet();
        var filter = PacketFilter.Drop(p => p.FromReplica is { } from && p.ToReplica is { } to && side.Contains(from) != side.Contains(to));
        HealLater(cluster.Network.AddFilter(filter), minority);
    }

    private void HealLater(long filterId, int[] replicas) =>
        cluster.Transport.StartTimer(TimeSpan.FromSeconds(random.Next(1, 31)), () =>
        {
            cluster.Network.RemoveFilter(filterId);
            down.ExceptWith(replicas);
        });

    private void Rebuild(int replica)
    {
        Rebuilds++;
        cluster.Rebuild(replica);
        WaitForRecovery(replica);
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
