using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Electrode.Cluster.Namespaces;

namespace Electrode.Cluster.Load;

/// <summary>
/// Runs one closed-loop load on a <see cref="NamespaceCluster"/>: <c>electrode client</c> in the first client namespace,
/// warmed up, then measured for the planned time and stopped with SIGTERM (it then prints its summary). The machine's
/// CPU is read from <c>/proc/stat</c> when measurement starts and when the client is told to stop. While it runs, the
/// leader (replica 0) is asked for its status twice a second and its commit rate is reported.
/// </summary>
public static class ClosedLoopMeasurement
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    /// <summary>Measures <paramref name="plan"/> on <paramref name="cluster"/>.</summary>
    /// <exception cref="ClusterException">The client failed, never finished warming up, or printed no summary.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was set (the client is stopped first).</exception>
    public static LoadMeasurement Run(NamespaceCluster cluster, LoadPlan plan, Action<LoadProgress>? progress = null, CancellationToken cancel = default)
    {
        var deadline = plan.Warmup + plan.Measure + Grace;
        using var client = cluster.StartClient(0,
        [
            "-n", "100000000", "-t", $"{plan.Clients}", "--app", plan.App,
            "--warmup", Seconds(plan.Warmup), "--deadline", Seconds(deadline),
        ]);
        if (client.WaitForLine("warm-up done", plan.Warmup + Grace) is null)
            throw new ClusterException($"the client never finished its warm-up: {client.Errors}");
        var before = MachineCpu.Read();
        var started = Stopwatch.GetTimestamp();
        long? lastCommitted = null;
        long lastAt = started;
        while (Stopwatch.GetElapsedTime(started) < plan.Measure && !cancel.IsCancellationRequested && !client.HasExited)
        {
            Thread.Sleep(Shorter(ProgressEvery, plan.Measure - Stopwatch.GetElapsedTime(started)));
            if (progress is null)
                continue;
            long now = Stopwatch.GetTimestamp();
            long? committed = LeaderCommitted(cluster);
            double? rate = committed is { } c && lastCommitted is { } l && now > lastAt
                ? (c - l) / Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds
                : null;
            (lastCommitted, lastAt) = (committed, now);
            progress(new LoadProgress(Stopwatch.GetElapsedTime(started), plan.Measure, rate));
        }
        client.Terminate();
        var used = MachineCpu.Read() - before;
        if (!client.WaitForExit(Grace))
            throw new ClusterException($"the client did not stop within {Grace.TotalSeconds} s of SIGTERM");
        cancel.ThrowIfCancellationRequested();
        if (client.ExitCode != 0)
            throw new ClusterException($"the client failed (exit {client.ExitCode}): {client.Errors}");
        return new LoadMeasurement(cluster.Spec.Replicas, cluster.Spec.FastPath, plan.Clients, ClientSummary.Parse(client.OutputLines), used.Busy);
    }

    /// <summary>Replica 0's committed op from a fresh status line, or null when it did not answer quickly.</summary>
    private static long? LeaderCommitted(NamespaceCluster cluster)
    {
        if (cluster.Replicas[0] is not { } leader)
            return null;
        int from = leader.LineCount;
        leader.RequestStatus();
        var line = leader.WaitForLine("replica 0 status:", TimeSpan.FromMilliseconds(300), from);
        var match = line is null ? null : CommittedOf.Match(line);
        return match is { Success: true } ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The shorter of the two, never negative (a negative sleep other than -1 ms throws, and -1 ms sleeps forever).</summary>
    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => TimeSpan.FromTicks(Math.Max(0, Math.Min(a.Ticks, b.Ticks)));

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static readonly Regex CommittedOf = new(@"committed (\d+)", RegexOptions.Compiled);
}
