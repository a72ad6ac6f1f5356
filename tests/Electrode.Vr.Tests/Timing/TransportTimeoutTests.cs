using Electrode.Vr.Timing;
using Electrode.Vr.Tests.Transport.Simulated;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Simulated;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Timing;

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

    [Fact]
    public void Reset_ManyTimesWhileRunning_SchedulesOneTransportTimerPerPeriodAndExpiresAfterTheLast()
    {
        var network = new SimulatedNetwork(TestCluster.Configuration(1), seed: 1);
        var timers = new TimerCountingTransport(network);
        var fired = new List<TimeSpan>();
        var timeout = new TransportTimeout(timers, TimeSpan.FromSeconds(1), () => fired.Add(network.Now));

        timeout.Start();
        for (int i = 0; i < 100; i++)
        {
            network.RunFor(TimeSpan.FromMilliseconds(5));
            timeout.Reset();
        }
        network.RunFor(TimeSpan.FromSeconds(3));

        Assert.Equal([TimeSpan.FromMilliseconds(1500)], fired);
        Assert.Equal(2, timers.Started);
    }

    [Fact]
    public void Reset_WithAShorterPeriod_ExpiresAtTheEarlierDeadline()
    {
        var network = new SimulatedNetwork(TestCluster.Configuration(1), seed: 1);
        var fired = new List<TimeSpan>();
        var timeout = new TransportTimeout(network, TimeSpan.FromSeconds(5), () => fired.Add(network.Now));

        timeout.Start();
        timeout.Period = TimeSpan.FromSeconds(1);
        timeout.Reset();
        network.RunFor(TimeSpan.FromSeconds(10));

        Assert.Equal([TimeSpan.FromSeconds(1)], fired);
    }

    /// <summary>The simulated network as a transport, counting the timers started on it.</summary>
    private sealed class TimerCountingTransport(SimulatedNetwork network) : ITransport
    {
        public int Started { get; private set; }

        public ClusterConfiguration Configuration => network.Configuration;

        public TimeSpan Now => network.Now;

        public EndpointAddress Register(ITransportReceiver receiver, int? replicaIndex) => network.Register(receiver, replicaIndex);

        public bool Unregister(ITransportReceiver receiver) => network.Unregister(receiver);

        public bool Send(ITransportReceiver from, EndpointAddress to, IMessage message) => network.Send(from, to, message);

        public bool SendToReplica(ITransportReceiver from, int replicaIndex, IMessage message) =>
            network.SendToReplica(from, replicaIndex, message);

        public bool SendToAllReplicas(ITransportReceiver from, IMessage message) => network.SendToAllReplicas(from, message);

        public long StartTimer(TimeSpan delay, Action callback)
        {
            Started++;
            return network.StartTimer(delay, callback);
        }

        public void CancelTimer(long timerId) => network.CancelTimer(timerId);
    }
}
