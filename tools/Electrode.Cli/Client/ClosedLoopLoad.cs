using System.Diagnostics;
using HdrHistogram;
using Electrode.Cli.Apps;
using Electrode.Vr.Apps.KeyValue;
using Electrode.Vr.Client;
using Electrode.Vr.Linearizability;
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
    /// <summary>Longest latency the histogram holds apart: an hour, in microseconds; longer ones count as that.</summary>
    private const long LongestLatencyMicroseconds = 3_600_000_000;

    private readonly LongHistogram latencies = new(LongestLatencyMicroseconds, numberOfSignificantValueDigits: 3);
    private readonly List<LatencySample> samples = [];
    private readonly ManualResetEventSlim finished = new();
    private long measureFrom;
    private long lastReplyAt;
    private long completed;
    private long wrongReplies;
    private int clientsRunning;
    private bool measuring;
    private bool stopping;

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
        bool done = WaitForTheEnd(transport, start);
        transport.Stop();
        foreach (var client in clients) client.RecordPending();

        long resends = clients.Sum(c => c.Client.Resends);
        clients.ForEach(c => c.Client.Dispose());
        var elapsed = Stopwatch.GetElapsedTime(measureFrom, Math.Max(lastReplyAt, measureFrom));
        return new LoadResult(completed, wrongReplies, resends, elapsed, latencies, samples, DeadlineReached: !done && !stopping)
        {
            Interrupted = stopping,
        };
    }

    /// <summary>
    /// Waits until every client is done, the deadline passes, or a stop is asked for; after a stop, the outstanding
    /// requests have a grace period (within the deadline) for their replies. True when no request is left waiting.
    /// </summary>
    private bool WaitForTheEnd(UdpTransport transport, long start)
    {
        var deadline = start + (long)(settings.Deadline.TotalSeconds * Stopwatch.Frequency);
        TimeSpan Left() => TimeSpan.FromTicks(Math.Max(0, (deadline - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        if (settings.Stop is null) return finished.Wait(Left());
        if (WaitHandle.WaitAny([finished.WaitHandle, settings.Stop], Left()) != 1) return finished.IsSet;
        transport.Post(() => stopping = true);
        return finished.Wait(Left() < settings.StopGrace ? Left() : settings.StopGrace);
    }

    private int QuotaOf(int client) => settings.Requests / settings.Clients + (client < settings.Requests % settings.Clients ? 1 : 0);

    /// <summary>Called on the loop thread for each reply.</summary>
    private void OnReply(LoadClient client, long sequence, long sentAt, bool measured, byte[] operation, byte[] reply)
    {
        long now = Stopwatch.GetTimestamp();
        RecordHistory(client.Index, sentAt, now, operation, reply);
        if (!measured)
            return;
        double micros = Stopwatch.GetElapsedTime(sentAt, now).TotalMicroseconds;
        latencies.RecordValue(Math.Clamp((long)micros, 0, LongestLatencyMicroseconds));
        if (settings.KeepSamples)
            samples.Add(new LatencySample(client.Index, sequence, micros));
        if (!workload.IsExpectedReply(client.Index, sequence, reply))
            wrongReplies++;
        completed++;
        lastReplyAt = now;
    }

    /// <summary>Appends one request to the history, if one is kept; a reply that does not decode is recorded as a lost one.</summary>
    private void RecordHistory(int client, long sentAt, long? answeredAt, byte[] operation, byte[]? reply)
    {
        if (settings.History is null || !KvOperation.TryDecode(operation, out var input)) return;
        KvReply? output = null;
        if (reply is not null && !KvReply.TryDecode(reply, out output)) answeredAt = null;
        settings.History.Append(new KvHistoryOperation(client, sentAt, answeredAt, input!, answeredAt is null ? null : output));
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
        private byte[] operation = [];
        private bool waiting;
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
            operation = load.workload.Operation(Index, nextSequence);
            waiting = true;
            Client.Invoke(operation, onReply);
        }

        /// <summary>Records the request still unanswered when the load ended as pending: it may or may not have taken effect.</summary>
        public void RecordPending()
        {
            if (waiting) load.RecordHistory(Index, sentAt, null, operation, null);
        }

        private void HandleReply(byte[] reply)
        {
            waiting = false;
            load.OnReply(this, nextSequence, sentAt, measured, operation, reply);
            nextSequence++;
            if (measuredLeft > 0 && !load.stopping)
                SendNext();
            else
                load.OnClientDone();
        }
    }
}
