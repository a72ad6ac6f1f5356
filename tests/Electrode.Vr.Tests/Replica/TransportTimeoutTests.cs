using Electrode.Vr.Replica;
using Electrode.Vr.Tests.Transport.Simulated;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Replica;

public class TransportTimeoutTests
{
    [Fact]
    public void Reset_PostponesTheExpiryAndStopCancelsIt()
    {
        var network = new SimulatedNetwork(TestCluster.Configuration(1), seed: 1);
        var fired = new List<TimeSpan>();
        var timeout = new TransportTimeout(network, TimeSpan.FromSeconds(1), () => fired.Add(network.Now));

        timeout.Start();
        network.RunFor(TimeSpan.FromMilliseconds(600));
        timeout.Reset();
        network.RunFor(TimeSpan.FromSeconds(2));
        timeout.Start();
        timeout.Stop();
        network.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal([TimeSpan.FromMilliseconds(1600)], fired);
        Assert.False(timeout.IsActive);
    }

    [Fact]
    public void Start_OnARunningTimer_KeepsItsDeadline()
    {
        var network = new SimulatedNetwork(TestCluster.Configuration(1), seed: 1);
        var fired = new List<TimeSpan>();
        var timeout = new TransportTimeout(network, TimeSpan.FromSeconds(1), () => fired.Add(network.Now));

        timeout.Start();
        network.RunFor(TimeSpan.FromMilliseconds(600));
        timeout.Start();
        network.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal([TimeSpan.FromSeconds(1)], fired);
    }
}
