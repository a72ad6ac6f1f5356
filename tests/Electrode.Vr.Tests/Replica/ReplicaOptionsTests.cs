using Electrode.Vr.Apps;
using Electrode.Vr.Replica;
using Electrode.Vr.Tests.Transport.Simulated;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Replica;

public class ReplicaOptionsTests
{
    [Fact]
    public void Defaults_AreTheReferenceTimeouts()
    {
        var options = new ReplicaOptions();

        Assert.Equal((1, 1000, 500, 5000), (options.BatchSize, options.NullCommitTimeout.TotalMilliseconds,
            options.ResendPrepareTimeout.TotalMilliseconds, options.ViewChangeTimeout.TotalMilliseconds));
    }

    [Fact]
    public void ReplicaWithABatchSizeOfZero_IsRefusedWithTheSettingNamed()
    {
        var network = new SimulatedNetwork(TestCluster.Configuration(3), seed: 1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new VrReplica(network, 0, new EchoApp(), new ReplicaOptions { BatchSize = 0 }));
        Assert.Equal(nameof(ReplicaOptions.BatchSize), error.ParamName);
    }

    [Fact]
    public void ReplicaIndexOutsideTheConfiguration_IsRefused()
    {
        var network = new SimulatedNetwork(TestCluster.Configuration(3), seed: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => new VrReplica(network, 3, new EchoApp()));
    }
}
