using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Electrode.Cli.Apps;
using Electrode.Cli.Cluster;
using Electrode.Cli.Options;
using Electrode.Vr.Linearizability;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Cli.Client;

/// <summary><c>electrode client</c>: closed-loop load on a cluster, then a throughput and latency summary.</summary>
internal sealed class ClientCommand : Command
{
    /// <summary>Printed when the warm-up ends and measurement starts (only with --warmup).</summary>
    public const string MeasuringLine = "warm-up done, measuring";

    private readonly Option<string> clusterOption = ClusterFile.CreateOption();

    private readonly Option<int> requestsOption = new("--requests", "-n")
    {
        HelpName = "count",
        Description = "requests measured, over all clients",
        Required = true,
        CustomParser = OptionValues.WholeNumber(1, 100_000_000),
    };

    private readonly Option<int> clientsOption = new("--clients", "-t")
    {
        HelpName = "count",
        Description = "concurrent closed-loop clients",
        DefaultValueFactory = _ => 1,
        CustomParser = OptionValues.WholeNumber(1, 1024),
    };

    private readonly Option<double> warmupOption = SharedOptions.Warmup(0, 3600, "unmeasured load first");

    private readonly Option<string> csvOption = new("--csv")
    {
        HelpName = "file",
        Description = "write every measured latency (client,request,latency_us)",
    };

    private readonly Option<string> appOption = AppChoice.CreateOption("operations to send; must match the replicas");

    private readonly Option<double> deadlineOption = new("--deadline")
    {
        HelpName = "seconds",
        Description = "stop after this long whatever happened",
        DefaultValueFactory = _ => 600,
        CustomParser = OptionValues.Seconds(86_400),
    };

    private readonly Option<IPAddress> bindOption = new("--bind")
    {
        HelpName = "ipv4",
        Description = "local address of the client sockets",
        DefaultValueFactory = _ => IPAddress.Any,
        CustomParser = OptionValues.Ipv4Address,
    };

    private readonly Option<int> sharedKeysOption = new("--shared-keys")
    {
        HelpName = "count",
        Description = "kv only: every client puts and gets on these many shared keys",
        CustomParser = OptionValues.WholeNumber(1, 1_000_000),
    };

    private readonly Option<string> historyOption = new("--history")
    {
        HelpName = "file",
        Description = "kv only: record every operation there and check the history is linearizable",
    };

    /// <summary>Printed after the options by <c>--help</c>.</summary>
    public static readonly string Notes =
        $"""
        Sends requests in a closed loop (each client sends its next request when the previous reply arrives),
        checks every reply, and prints throughput (ops/s) and latency percentiles (p50, p90, p99, p99.9, in us).
        With --warmup, prints '{MeasuringLine}' when measurement starts. With --history, writes every key-value
        operation with its call and return times and checks that the history is linearizable (one line).
        SIGINT or SIGTERM ends the load early: no new requests, {StopGraceSeconds} s for the replies awaited, then the summary.
        Exits 0 when every request completed (or the load was interrupted) with the right replies and a linearizable
        history, 1 otherwise, 2 on bad usage.

        {ClusterFile.FormatHelp}
        """;

    private const int StopGraceSeconds = 2;

    public ClientCommand()
        : base("client", "closed-loop load on a cluster; prints throughput and latency percentiles")
    {
        Options.Add(clusterOption);
        Options.Add(requestsOption);
        Options.Add(clientsOption);
        Options.Add(warmupOption);
        Options.Add(csvOption);
        Options.Add(appOption);
        Options.Add(deadlineOption);
        Options.Add(bindOption);
        Options.Add(sharedKeysOption);
        Options.Add(historyOption);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var output = parsed.InvocationConfiguration.Output;
        var error = parsed.InvocationConfiguration.Error;
        var configuration = ClusterFile.Load(parsed.GetRequiredValue(clusterOption));
        int requests = parsed.GetValue(requestsOption);
        int clients = parsed.GetValue(clientsOption);
        if (clients > requests)
            throw new UsageException($"option --clients ({clients}) exceeds --requests ({requests}); every client needs a request");
        var warmup = TimeSpan.FromSeconds(parsed.GetValue(warmupOption));
        var deadline = TimeSpan.FromSeconds(parsed.GetValue(deadlineOption));
        if (deadline <= warmup)
            throw new UsageException($"option --deadline ({deadline.TotalSeconds} s) must exceed --warmup ({warmup.TotalSeconds} s)");
        string? csv = parsed.GetValue(csvOption);
        string app = parsed.GetRequiredValue(appOption);
        int? sharedKeys = parsed.GetResult(sharedKeysOption) is null ? null : parsed.GetValue(sharedKeysOption);
        string? historyPath = parsed.GetValue(historyOption);
        if ((sharedKeys is not null || historyPath is not null) && app != AppChoice.KeyValue)
            throw new UsageException("options --shared-keys and --history need --app kv");
        var workload = sharedKeys is { } keys ? new SharedKeyWorkload(keys) : AppChoice.CreateWorkload(app);
        var transportOptions = new UdpTransportOptions { ClientBindAddress = parsed.GetRequiredValue(bindOption) };
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
}
