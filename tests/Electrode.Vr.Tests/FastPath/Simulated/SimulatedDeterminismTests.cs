using Electrode.Programs.Counting;
using Electrode.Vr.FastPath.Simulated;
using Electrode.Vr.Tests.Scenarios;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.FastPath.Simulated;

public class SimulatedDeterminismTests
{
    [Fact]
    public void SameSeedWithTheKernelFastPathsReproducesTheSameHistoryTimingAndKernelCounters()
    {
        (IReadOnlyList<string> Ops, TimeSpan End, string Counters) Once()
        {
            var cluster = new VrCluster(3, 8, "simulated", clients: 5, seed: 11);
            cluster.Network.Latency = TimeSpan.FromMilliseconds(1);
            cluster.Network.AddFilter(PacketFilter.Drop(probability: 0.1));
            cluster.Network.AddFilter(PacketFilter.Reorder(TimeSpan.FromMilliseconds(5), probability: 0.3));
            var drivers = cluster.Clients
                .Select((client, c) => new ClientDriver(client, cluster.Transport, 50, n => $"test: {c * 1000 + n}"))
                .ToArray();
            foreach (var driver in drivers) driver.Start();
            Assert.Equal(RunResult.Satisfied, cluster.Run(() => drivers.All(d => d.Done), TimeSpan.FromHours(1)));
            var dataPlane = (SimulatedDataPlane)cluster.Network.DataPlane;
            var counters = string.Join("; ", Enumerable.Range(0, 3).SelectMany(i =>
                Enum.GetValues<ElectrodeProgram>().Select(p => $"{i} {p}: {dataPlane.KernelOf(i)!.Counters(p)}")));
            return (cluster.Apps[0].Ops.ToList(), cluster.Network.Now, counters);
        }

        var first = Once();
        var second = Once();

        Assert.Equal(250, first.Ops.Count);
        Assert.Equal(first.End, second.End);
        Assert.Equal(first.Ops, second.Ops);
        Assert.Equal(first.Counters, second.Counters);
    }
}
