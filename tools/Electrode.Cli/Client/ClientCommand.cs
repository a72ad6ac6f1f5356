using System.Net;
using System.Runtime.InteropServices;
using Electrode.Cli.Apps;
using Electrode.Cli.Cluster;
using Electrode.Cli.Options;
using Electrode.Vr.Linearizability;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Cli.Client;

/// <summary><c>electrode client</c>: closed-loop load on a cluster, then a throughput and latency summary.</summary>
internal static class ClientCommand
{
    public const string Name = "client";

    /// <summary>Printed when the warm-up ends and measurement starts (only with --warmup).</summary>
    public const string MeasuringLine = "warm-up done, measuring";

    private static readonly OptionSpec Cluster = new(["-c", "--cluster"], "file", "cluster file (format below)");
    private static readonly OptionSpec Requests = new(["-n", "--requests"], "count", "requests measured, over all clients");
    private static readonly OptionSpec Clients = new(["-t", "--clients"], "count", "concurrent closed-loop clients (default 1)");
    private static readonly OptionSpec Warmup = new(["--warmup"], "seconds", "unmeasured load first (default 0)");
    private static readonly OptionSpec Csv = new(["--csv"], "file", "write every measured latency (client,request,latency_us)");
    private static readonly OptionSpec App = new(["--app"], "echo|kv", "operations to send (default echo); must match the replicas");
    private static readonly OptionSpec Deadline = new(["--deadline"], "seconds", "stop after this long whatever happened (default 600)");
    private static readonly OptionSpec Bind = new(["--bind"], "ipv4", "local address of the client sockets (default any)");
    private static readonly OptionSpec SharedKeys = new(["--shared-keys"], "count", "kv only: every client puts and gets on these many shared keys");
    private static readonly OptionSpec History = new(["--history"], "file", "kv only: record every operation there and check the history is linearizable");
    private static readonly OptionSpec[] Specs = [Cluster, Requests, Clients, Warmup, Csv, App, Deadline, Bind, SharedKeys, History];

    public static string Help =>
        $"""
        usage: electrode {Name} -c <file> -n <count> [-t <count>] [--warmup <seconds>] [--csv <file>] [--app echo|kv]
                               [--shared-keys <count>] [--history <file>]
        Sends requests in a closed loop (each client sends its next request when the previous reply arrives),
        checks every reply, and prints throughput (ops/s) and latency percentiles (p50, p90, p99, p99.9, in us).
        With --warmup, prints '{MeasuringLine}' when measurement starts. With --history, writes every key-value
        operation with its call and return times and checks that the history is linearizable (one line).
        SIGINT or SIGTERM ends the load early: no new requests, {StopGraceSeconds} s for the replies awaited, then the summary.
        Exits 0 when every request completed (or the load was interrupted) with the right replies and a linearizable
        history, 1 otherwise, 2 on bad usage.
        {string.Join(Environment.NewLine, Specs.Select(s => s.HelpLine))}

        {ClusterFile.FormatHelp}
        """;

    private const int StopGraceSeconds = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = ParsedOptions.Parse(args, Specs);
        if (options.HelpRequested)
        {
            output.WriteLine(Help);
            return 0;
        }
        var configuration = ClusterFile.Load(options.Required(Cluster));
        int requests = options.Integer(Requests, 1, 100_000_000);
        int clients = options.Integer(Clients, 1, 1024, fallback: 1);
        if (clients > requests)
            throw new UsageException($"option --clients ({clients}) exceeds --requests ({requests}); every client needs a request");
        var warmup = options.Seconds(Warmup, 3600, TimeSpan.Zero);
        var deadline = options.Seconds(Deadline, 86_400, TimeSpan.FromSeconds(600));
        if (deadline <= warmup)
            throw new UsageException($"option --deadline ({deadline.TotalSeconds} s) must exceed --warmup ({warmup.TotalSeconds} s)");
        string? csv = options.Optional(Csv);
        string app = options.Choice(App, AppChoice.Names, AppChoice.Echo);
        int? sharedKeys = options.Optional(SharedKeys) is null ? null : options.Integer(SharedKeys, 1, 1_000_000);
        string? historyPath = options.Optional(History);
        if ((sharedKeys is not null || historyPath is not null) && app != AppChoice.KeyValue)
            throw new UsageException("options --shared-keys and --history need --app kv");
        var workload = sharedKeys is { } keys ? new SharedKeyWorkload(keys) : AppChoice.CreateWorkload(app);
        var transportOptions = new UdpTransportOptions { ClientBindAddress = BindAddress(options.Optional(Bind)) };
        using var csvWriter = csv is null ? null : OpenCsv(csv);
        var history = historyPath is null ? null : OpenHistory(historyPath);
        using var stop = new ManualResetEvent(false);
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);

        LoadResult result;
        using (history)
        {
            result = ClosedLoopLoad.Run(configuration, workload,
                new LoadSettings(requests, clients, warmup, deadline, KeepSamples: csv is not null)
                {
                    OnMeasuring = warmup > TimeSpan.Zero ? () => output.WriteLine(MeasuringLine) : null,
                    History = history,
                    Stop = stop,
                    StopGrace = TimeSpan.FromSeconds(StopGraceSeconds),
                },
                transportOptions);
        }

        LoadReport.WriteSummary(output, result, clients);
        if (csvWriter is not null)
            LoadReport.WriteCsv(csvWriter, result);
        if (result.DeadlineReached)
        {
            error.WriteLine($"electrode {Name}: only {result.Completed} of {requests} requests completed before the deadline of {deadline.TotalSeconds} s");
            return 1;
        }
        if (result.Interrupted)
            output.WriteLine($"interrupted: {result.Completed} of {requests} requests completed");
        int status = 0;
        if (result.WrongReplies > 0)
        {
            error.WriteLine($"electrode {Name}: {result.WrongReplies} of {result.Completed} replies were wrong (is --app the replicas' application?)");
            status = 1;
        }
        if (historyPath is not null)
        {
            var verdict = KvLinearizabilityChecker.Check(KvHistoryReader.ReadFile(historyPath));
            output.WriteLine($"history:    {verdict.Explanation}");
            if (verdict.Outcome != LinearizabilityOutcome.Linearizable)
            {
                error.WriteLine($"electrode {Name}: the history in {historyPath} is {(verdict.Outcome == LinearizabilityOutcome.Unknown ? "undecided" : "not linearizable")}");
                status = 1;
            }
        }
        return status;

        void StopOnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Set();
        }
    }

    private static KvHistoryWriter OpenHistory(string path)
    {
        try
        {
            return KvHistoryWriter.Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write the --history file '{path}': {e.Message}");
        }
    }

    private static StreamWriter OpenCsv(string path)
    {
        try
        {
            return new StreamWriter(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write the --csv file '{path}': {e.Message}");
        }
    }

    private static IPAddress BindAddress(string? text)
    {
        if (text is null)
            return IPAddress.Any;
        return IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? address
            : throw new UsageException($"option --bind takes an IPv4 address, not '{text}'");
    }
}
