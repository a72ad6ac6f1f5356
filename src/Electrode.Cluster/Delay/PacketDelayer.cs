using System.Diagnostics;
using Electrode.Faults.Control;
using Electrode.Faults.Namespaces;

namespace Electrode.Cluster.Delay;

/// <summary>
/// Delays and reorders the UDP datagrams a namespace sends (this kernel has neither netem nor fq): one iptables rule in
/// the namespace's OUTPUT chain queues them to NFQUEUE (with <c>--queue-bypass</c>, so nothing is held when no one
/// listens), and this object holds each one for a random time in the configured range before accepting it. Disposing it
/// removes exactly the rule it added, lets every held datagram go, and closes the queue.
/// </summary>
public sealed class PacketDelayer : IDisposable
{
    private readonly string namespaceName;
    private readonly string[] rule;
    private readonly NfQueueSocket queue;
    private readonly DelaySettings settings;
    private readonly Random random;
    private readonly PriorityQueue<uint, long> held = new();
    private readonly Thread receiver;
    private readonly Thread releaser;
    private volatile bool stopping;
    private bool ruleAdded;
    private long delayed;

    private PacketDelayer(string namespaceName, NfQueueSocket queue, DelaySettings settings)
    {
        this.namespaceName = namespaceName;
        this.queue = queue;
        this.settings = settings;
        random = new Random(settings.Seed);
        rule = ["OUTPUT", "-p", "udp", "-j", "NFQUEUE", "--queue-num", $"{settings.QueueNumber}", "--queue-bypass"];
        receiver = new Thread(Receive) { IsBackground = true, Name = $"delayer {namespaceName} receive" };
        releaser = new Thread(Release) { IsBackground = true, Name = $"delayer {namespaceName} release" };
    }

    /// <summary>Datagrams held so far.</summary>
    public long Delayed => Interlocked.Read(ref delayed);

    /// <summary>Starts delaying what namespace <paramref name="namespaceName"/> sends.</summary>
    /// <exception cref="ClusterException">The queue could not be bound or the rule added (iptables missing: run scripts/bootstrap.sh).</exception>
    public static PacketDelayer Start(string namespaceName, DelaySettings settings)
    {
        settings.Validate();
        var queue = NamespaceThread.Run(namespaceName, () => NfQueueSocket.Open(settings.QueueNumber));
        var delayer = new PacketDelayer(namespaceName, queue, settings);
        try
        {
            delayer.receiver.Start();
            delayer.releaser.Start();
            delayer.Iptables("-A");
            delayer.ruleAdded = true;
            return delayer;
        }
        catch
        {
            delayer.Dispose();
            throw;
        }
    }

    private void Receive()
    {
        var ids = new List<uint>();
        while (!stopping)
        {
            ids.Clear();
            if (!queue.Receive(ids))
                continue;
            long now = Stopwatch.GetTimestamp();
            lock (held)
            {
                foreach (uint id in ids)
                {
                    double hold = settings.Minimum.TotalSeconds + random.NextDouble() * (settings.Maximum - settings.Minimum).TotalSeconds;
                    held.Enqueue(id, now + (long)(hold * Stopwatch.Frequency));
                }
                Interlocked.Add(ref delayed, ids.Count);
                Monitor.Pulse(held);
            }
        }
    }

    private void Release()
    {
        while (true)
        {
            uint id;
            lock (held)
            {
                while (true)
                {
                    if (held.TryPeek(out _, out long due))
                    {
                        long wait = due - Stopwatch.GetTimestamp();
                        if (wait <= 0 || stopping)
                            break;
                        Monitor.Wait(held, TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                    }
                    else if (stopping)
                    {
                        return;
                    }
                    else
                    {
                        Monitor.Wait(held, 100);
                    }
                }
                id = held.Dequeue();
            }
            queue.Accept(id);
        }
    }

    private void Iptables(string action)
    {
        try
        {
            SystemTool.Run("ip", ["netns", "exec", namespaceName, "iptables", "-w", action, .. rule]);
        }
        catch (FaultInjectionException e)
        {
            throw new ClusterException(e.Message, e);
        }
    }

    /// <summary>Removes the rule, releases every held datagram, then closes the queue.</summary>
    /// <exception cref="ClusterException">The rule could not be removed (the rest is still done).</exception>
    public void Dispose()
    {
        ClusterException? failure = null;
        if (ruleAdded)
        {
            ruleAdded = false;
            try
            {
                Iptables("-D");
            }
            catch (ClusterException e)
            {
                failure = e;
            }
        }
        stopping = true;
        lock (held) Monitor.PulseAll(held);
        if (releaser.IsAlive) releaser.Join();
        if (receiver.IsAlive) receiver.Join();
        queue.Dispose();
        if (failure is not null)
            throw failure;
    }
}
