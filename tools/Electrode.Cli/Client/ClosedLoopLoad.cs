using System.Diagnostics;
using Electrode.Cli.Apps;
using Electrode.Vr.Client;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Cli.Client;

/// <summary>
/// Closed-loop load on a VR cluster: every client keeps exactly one request outstanding and sends the next one
/// when the reply to the previous one arrives. All clients share one UDP transport and its event loop, so a reply
/// is handled and the next request sent without a thread hop.
/// </summary>
internal sealed class ClosedLoopLoad
{
    private readonly IWorkload workload;
    private readonly LoadSettings settings;
    private readonly LatencyHistogram latencies = new();
    private readonly List<LatencySample> samples = [];
    private readonly ManualResetEventSlim finished = new();
    private long measureFrom;
    private long lastReplyAt;
    private long completed;
    private long wrongReplies;
    private int clientsRunning;
    private bool measuring;

    private ClosedLoopLoad(IWorkload workload, LoadSettings settings)
    {
        this.workload = workload;
        this.settings = settings;
    }

    /// <summary>Runs the load against <paramref name="configuration"/> and returns what it measured.</summary>
    /// <exception cref="InvalidOperationException">A client socket cannot be bound.</exception>
    public static LoadResult Run(ClusterConfiguration configuration, IWorkload workload, LoadSettings settings,
        UdpTransportOptions? transportOptions = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Clients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Requests, settings.Clients);
        return new ClosedLoopLoad(workload, settings).Run(configuration, transportOptions);
    }

    private LoadResult Run(ClusterConfiguration configuration, UdpTransportOptions? transportOptions)
    {
        using var transport = new UdpTransport(configuration, transportOptions);
        var clients = Enumerable.Range(0, settings.Clients)
            .Select(i => new LoadClient(this, new VrClient(transport, options: ClientOptions.Adaptive), i, QuotaOf(i)))
            .ToList();
        clientsRunning = clients.Count;
        if (settings.KeepSamples)
            samples.Capacity = settings.Requests;

        transport.Start();
        long start = Stopwatch.GetTimestamp();
        measureFrom = start + (long)(settings.Warmup.TotalSeconds * Stopwatch.Frequency);
        lastReplyAt = measureFrom;
        transport.Post(() => clients.ForEach(c => c.SendNext()));
        bool done = finished.Wait(settings.Deadline);
        transport.Stop();

        long resends = clients.Sum(c => c.Client.Resends);
        clients.ForEach(c => c.Client.Dispose());
        var elapsed = Stopwatch.GetElapsedTime(measureFrom, Math.Max(lastReplyAt, measureFrom));
        return new LoadResult(completed, wrongReplies, resends, elapsed, latencies, samples, DeadlineReached: !done);
    }

    private int QuotaOf(int client) => settings.Requests / settings.Clients + (client < settings.Requests % settings.Clients ? 1 : 0);

    /// <summary>Called on the loop thread for each reply.</summary>
    private void OnReply(LoadClient client, long sequence, long sentAt, bool measured, ReadOnlySpan<byte> reply)
    {
        long now = Stopwatch.GetTimestamp();
        if (!measured)
            return;
        double micros = Stopwatch.GetElapsedTime(sentAt, now).TotalMicroseconds;
        latencies.Record((long)micros);
        if (settings.KeepSamples)
            samples.Add(new LatencySample(client.Index, sequence, micros));
        if (!workload.IsExpectedReply(client.Index, sequence, reply))
            wrongReplies++;
        completed++;
        lastReplyAt = now;
    }

    private void OnMeasuredRequestSent()
    {
        if (measuring)
            return;
        measuring = true;
        settings.OnMeasuring?.Invoke();
    }

    private void OnClientDone()
    {
        if (--clientsRunning == 0)
            finished.Set();
    }

    /// <summary>One client of the load and its position in its quota; touched only on the loop thread.</summary>
    private sealed class LoadClient
    {
        private readonly ClosedLoopLoad load;
        private readonly Action<byte[]> onReply;
        private long nextSequence;
        private long sentAt;
        private bool measured;
        private int measuredLeft;

        public LoadClient(ClosedLoopLoad load, VrClient client, int index, int quota)
        {
            this.load = load;
            Client = client;
            Index = index;
            measuredLeft = quota;
            onReply = HandleReply;
        }

        public VrClient Client { get; }

        public int Index { get; }

        public void SendNext()
        {
            sentAt = Stopwatch.GetTimestamp();
            measured = sentAt >= load.measureFrom;
            if (measured)
            {
                measuredLeft--;
                load.OnMeasuredRequestSent();
            }
            Client.Invoke(load.workload.Operation(Index, nextSequence), onReply);
        }

        private void HandleReply(byte[] reply)
        {
            load.OnReply(this, nextSequence, sentAt, measured, reply);
            nextSequence++;
            if (measuredLeft > 0)
                SendNext();
            else
                load.OnClientDone();
        }
    }
}
