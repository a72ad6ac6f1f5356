using System.Collections.Concurrent;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Vr.Tests.Transport.Udp;

public class UdpTransportTimerTests
{
    [Fact]
    public void TimersFireInDeadlineOrderNoEarlierThanDueOnTheLoopThread()
    {
        using var transport = new UdpTransport(Loopback.Configuration(1), Loopback.Options);
        var fired = new ConcurrentQueue<(string Name, TimeSpan Late, string? Thread)>();
        transport.Start();
        transport.Post(() =>
        {
            foreach (var (name, ms) in new[] { ("c", 60), ("a", 20), ("b", 40) })
            {
                var due = transport.Now + TimeSpan.FromMilliseconds(ms);
                transport.StartTimer(TimeSpan.FromMilliseconds(ms), () => fired.Enqueue((name, transport.Now - due, Thread.CurrentThread.Name)));
            }
        });

        Assert.True(Loopback.WaitUntil(() => fired.Count == 3));
        Assert.Equal(["a", "b", "c"], fired.Select(f => f.Name));
        Assert.All(fired, f => Assert.True(f.Late >= TimeSpan.Zero));
        Assert.All(fired, f => Assert.Equal("electrode-udp-loop", f.Thread));
    }

    [Fact]
    public void CancelledTimerNeverFires()
    {
        using var transport = new UdpTransport(Loopback.Configuration(1), Loopback.Options);
        bool cancelledFired = false, sentinelFired = false;
        long id = transport.StartTimer(TimeSpan.FromMilliseconds(10), () => cancelledFired = true);
        transport.CancelTimer(id);
        transport.StartTimer(TimeSpan.FromMilliseconds(40), () => Volatile.Write(ref sentinelFired, true));
        transport.Start();

        Assert.True(Loopback.WaitUntil(() => Volatile.Read(ref sentinelFired)));
        Assert.False(cancelledFired);
    }

    [Fact]
    public void TimersStartedFromAnotherThreadWhileRunningFire()
    {
        using var transport = new UdpTransport(Loopback.Configuration(1), Loopback.Options);
        transport.Start();
        int count = 0;
        for (int i = 0; i < 50; i++)
            transport.StartTimer(TimeSpan.FromMilliseconds(i % 5), () => Interlocked.Increment(ref count));
        Assert.True(Loopback.WaitUntil(() => Volatile.Read(ref count) == 50));
    }

    [Fact]
    public void ThrowingCallbackIsCountedAndTheLoopCarriesOn()
    {
        using var transport = new UdpTransport(Loopback.Configuration(1), Loopback.Options);
        Exception? reported = null;
        transport.CallbackFailed += e => reported = e;
        bool later = false;
        transport.StartTimer(TimeSpan.Zero, () => throw new InvalidOperationException("boom"));
        transport.StartTimer(TimeSpan.FromMilliseconds(5), () => Volatile.Write(ref later, true));
        transport.Start();

        Assert.True(Loopback.WaitUntil(() => Volatile.Read(ref later)));
        Assert.Equal(1, transport.Counters.CallbackExceptions);
        Assert.Equal("boom", reported?.Message);
    }

    [Fact]
    public void RunOnTheCallersThreadReturnsAfterStopFromACallback()
    {
        using var transport = new UdpTransport(Loopback.Configuration(1), Loopback.Options);
        transport.StartTimer(TimeSpan.FromMilliseconds(5), transport.Stop);
        transport.Run();
        Assert.Throws<InvalidOperationException>(() => { transport.Start(); transport.Start(); });
    }
}
