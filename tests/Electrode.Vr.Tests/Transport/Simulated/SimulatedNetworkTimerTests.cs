using Electrode.Vr.Transport.Simulated;
using static Electrode.Vr.Tests.Transport.Simulated.TestCluster;

namespace Electrode.Vr.Tests.Transport.Simulated;

public class SimulatedNetworkTimerTests
{
    [Fact]
    public void TimersFireInDeadlineOrderAtTheirVirtualTime()
    {
        var network = new SimulatedNetwork(Configuration(1), seed: 1);
        var fired = new List<(string, TimeSpan)>();
        network.StartTimer(TimeSpan.FromMilliseconds(30), () => fired.Add(("c", network.Now)));
        network.StartTimer(TimeSpan.FromMilliseconds(10), () => fired.Add(("a", network.Now)));
        network.StartTimer(TimeSpan.FromMilliseconds(20), () => fired.Add(("b", network.Now)));

        Assert.Equal(RunResult.Idle, network.Run());

        Assert.Equal([("a", TimeSpan.FromMilliseconds(10)), ("b", TimeSpan.FromMilliseconds(20)), ("c", TimeSpan.FromMilliseconds(30))], fired);
    }

    [Fact]
    public void TimersWithTheSameDeadlineFireInStartOrder()
    {
        var network = new SimulatedNetwork(Configuration(1), seed: 1);
        var fired = new List<int>();
        for (int i = 0; i < 10; i++)
        {
            int id = i;
            network.StartTimer(TimeSpan.FromSeconds(1), () => fired.Add(id));
        }
        network.Run();
        Assert.Equal(Enumerable.Range(0, 10), fired);
    }

    [Fact]
    public void CancelledTimerNeverFires()
    {
        var network = new SimulatedNetwork(Configuration(1), seed: 1);
        bool fired = false;
        long id = network.StartTimer(TimeSpan.FromSeconds(1), () => fired = true);
        network.CancelTimer(id);
        network.CancelTimer(id);
        network.Run();
        Assert.False(fired);
    }

    [Fact]
    public void QueuedMessagesAreDeliveredBeforeTimeAdvancesToATimer()
    {
        var c = new TestCluster(2);
        TimeSpan? deliveredAt = null;
        int messagesWhenTimerFired = -1;
        c.Network.StartTimer(TimeSpan.Zero + TimeSpan.FromTicks(1), () => messagesWhenTimerFired = c.Replicas[1].Messages.Count);
        for (ulong op = 0; op < 3; op++)
            c.Network.SendToReplica(c.Replicas[0], 1, Commit(op));
        c.Replicas[1].OnReceive = (_, _) => deliveredAt ??= c.Network.Now;

        c.Network.Run();

        Assert.Equal(TimeSpan.Zero, deliveredAt);
        Assert.Equal(3, messagesWhenTimerFired);
    }

    [Fact]
    public void TimerStartedFromACallbackIsRelativeToTheCallbacksTime()
    {
        var network = new SimulatedNetwork(Configuration(1), seed: 1);
        TimeSpan? second = null;
        network.StartTimer(TimeSpan.FromSeconds(1), () => network.StartTimer(TimeSpan.FromSeconds(2), () => second = network.Now));
        network.Run();
        Assert.Equal(TimeSpan.FromSeconds(3), second);
    }

    [Fact]
    public void RunStopsWhenThePredicateHolds()
    {
        var network = new SimulatedNetwork(Configuration(1), seed: 1);
        int ticks = 0;
        void Tick()
        {
            ticks++;
            network.StartTimer(TimeSpan.FromMilliseconds(100), Tick);
        }
        Tick();

        Assert.Equal(RunResult.Satisfied, network.Run(until: () => ticks == 5));
        Assert.Equal(TimeSpan.FromMilliseconds(400), network.Now);
    }

    [Fact]
    public void RunStopsAtTheCapWithTheClockAtTheCap()
    {
        var network = new SimulatedNetwork(Configuration(1), seed: 1);
        int ticks = 0;
        void Tick()
        {
            ticks++;
            network.StartTimer(TimeSpan.FromMilliseconds(100), Tick);
        }
        network.StartTimer(TimeSpan.FromMilliseconds(100), Tick);

        Assert.Equal(RunResult.CapReached, network.Run(until: () => false, cap: TimeSpan.FromMilliseconds(350)));
        Assert.Equal(3, ticks);
        Assert.Equal(TimeSpan.FromMilliseconds(350), network.Now);

        Assert.Equal(RunResult.CapReached, network.Run(cap: TimeSpan.FromMilliseconds(100)));
        Assert.Equal(4, ticks);
    }

    [Fact]
    public void RunForAdvancesTheClockEvenWhenIdle()
    {
        var network = new SimulatedNetwork(Configuration(1), seed: 1);
        Assert.Equal(RunResult.Idle, network.RunFor(TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(2), network.Now);
    }

    [Fact]
    public void ZeroLatencyPingPongHitsTheEventLimitInsteadOfHanging()
    {
        var c = new TestCluster(2);
        c.Replicas[0].OnReceive = (_, m) => c.Network.SendToReplica(c.Replicas[0], 1, m);
        c.Replicas[1].OnReceive = (_, m) => c.Network.SendToReplica(c.Replicas[1], 0, m);
        c.Network.SendToReplica(c.Replicas[0], 1, Commit(1));

        Assert.Equal(RunResult.EventLimitReached, c.Network.Run(maxEvents: 1000));
        Assert.Equal(1000, c.Network.Counters.MessagesDelivered);
    }

    [Fact]
    public void RunFromInsideACallbackIsRefused()
    {
        var network = new SimulatedNetwork(Configuration(1), seed: 1);
        Exception? error = null;
        network.StartTimer(TimeSpan.Zero, () => error = Record.Exception(() => network.Run()));
        network.Run();
        Assert.IsType<InvalidOperationException>(error);
    }
}
