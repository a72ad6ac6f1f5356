using BpfSharp.Testing;
using Electrode.Cluster.Load;
using Electrode.Cluster.Namespaces;
using Electrode.Cluster.Tests.Support;
using Electrode.Faults.Namespaces;

namespace Electrode.Cluster.Tests.Namespaces;

public sealed class NamespaceClusterTests
{
    [FastPathTheory]
    [InlineData(FastPathModes.None)]
    [InlineData(FastPathModes.Generic)]
    [InlineData(FastPathModes.Native)]
    public void ClusterServesAClientLoad_AndRemovesEveryNamespaceItMade(string mode)
    {
        List<string> made;
        string bridge;
        using (var test = new TestCluster(mode, app: "null"))
        {
            made = [.. test.Cluster.NodeNamespaces];
            bridge = test.Cluster.BridgeNamespace;
            Assert.All(made.Append(bridge), ns => Assert.Contains(ns, Namespaces()));
            var measured = ClosedLoopMeasurement.Run(test.Cluster, new LoadPlan { Clients = 2, Warmup = TimeSpan.FromSeconds(0.5), Measure = TimeSpan.FromSeconds(1) });
            Assert.True(measured.Summary.Completed > 0, "the load completed nothing");
            Assert.True(measured.MachineCpu > TimeSpan.Zero, "the machine used no CPU while serving the load");
        }
        Assert.All(made.Append(bridge), ns => Assert.DoesNotContain(ns, Namespaces()));
    }

    [KernelFact]
    public void ReplicaAddressesLiveOnlyInsideTheirNamespaces()
    {
        using var test = new TestCluster(FastPathModes.None, replicas: 1);
        string address = test.Cluster.ReplicaAddress(0);
        Assert.DoesNotContain(address, ExternalCommand.Run("ip", "-4", "address", "show"));
        Assert.Contains(address, ExternalCommand.Run("ip", "-n", test.Cluster.ReplicaNamespace(0), "-4", "address", "show"));
    }

    [KernelFact]
    public void FramesCrossTheBridgeWithoutPassingNetfilter_AsThroughASwitch()
    {
        using var test = new TestCluster(FastPathModes.None, replicas: 1);
        var settings = NamespaceThread.Run(test.Cluster.BridgeNamespace, () => NamespaceCluster.BridgeNetfilterSettings
            .Where(File.Exists)
            .ToDictionary(path => path, path => File.ReadAllText(path).Trim()));
        // Where the kernel has bridge netfilter (this test's own namespace shows its settings), the bridge's show too.
        Assert.Equal(NamespaceCluster.BridgeNetfilterSettings.Any(File.Exists), settings.Count > 0);
        Assert.All(settings, setting => Assert.Equal("0", setting.Value));
    }

    private static IReadOnlyList<string> Namespaces() =>
        [.. ExternalCommand.Run("ip", "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])];
}
