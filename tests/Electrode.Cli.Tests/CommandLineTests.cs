using System.Net;
using System.Net.Sockets;

namespace Electrode.Cli.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("electrode-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void NoArgumentsPrintsTheCommandsToStandardErrorAndExits2()
    {
        var (code, output, error) = Run();

        Assert.Equal(CommandLine.BadUsage, code);
        Assert.Empty(output);
        Assert.Contains("Usage:", error);
        Assert.Contains("  replica             run one VR replica on UDP until SIGINT/SIGTERM", error);
        Assert.Contains("  check               is a key-value history (client --history) linearizable?", error);
        Assert.Contains("  attach <interface>  attach the kernel fast paths to an interface, pinned under /sys/fs/bpf/electrode", error);
        Assert.Contains("  detach <interface>  remove what 'electrode attach' made on an interface", error);
        Assert.Contains("  status <interface>  show the attached fast paths, their configuration and counters", error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("replica --help")]
    [InlineData("client -h")]
    [InlineData("check -?")]
    [InlineData("replica -c nowhere.txt --help --bogus")]
    public void HelpGoesToStandardOutputAndExits0(string args)
    {
        var (code, output, error) = Run(args.Split(' '));

        Assert.Equal(CommandLine.Ok, code);
        Assert.Contains("Usage:", output);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("replica")]
    [InlineData("client")]
    public void CommandHelpDescribesTheClusterFileFormat(string command)
    {
        Assert.Contains("replica <ipv4>:<port> [mac]", Run(command, "--help").Output);
    }

    [Fact]
    public void ReplicaHelpListsOptionsWithDefaultsThenExplainsTheDataDirectory()
    {
        string help = Run("replica", "--help").Output;

        Assert.Matches(@"\n  -i, --index <index> \(REQUIRED\) +this replica's line in the cluster file, from 0\n", help);
        Assert.Matches(@"\n  --batch <count> +most requests per Prepare \(1: no batching\) \[default: 1\]\n", help);
        Assert.Contains("every later start recovers its state from the other replicas", help);
        Assert.True(help.IndexOf("--app <echo|kv>", StringComparison.Ordinal) < help.IndexOf("Its data directory", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "Exit codes: 0 success; 1 failure at run time; 2 bad usage")]
    [InlineData("replica", "Exits 0 when stopped by SIGINT or SIGTERM, 1 on a failure at run time")]
    [InlineData("client", "Exits 0 when every request completed")]
    [InlineData("check", "Exits 0 when linearizable, 1 when not or undecided within the budget, 2 on bad usage")]
    public void EveryHelpStatesTheExitCodes(string command, string expected)
    {
        Assert.Contains(expected, Run([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]).Output);
    }

    [Theory]
    [InlineData("frob", "electrode: unknown command 'frob'; run 'electrode --help' for the list")]
    [InlineData("replica -i 0", "electrode replica: missing option --cluster <file>")]
    [InlineData("replica -c {cluster}", "electrode replica: missing option --index <index>")]
    [InlineData("replica -c {cluster} -i x", "electrode replica: option --index takes a whole number from 0 to 15, not 'x'")]
    [InlineData("replica -c {cluster} -i 3", "electrode replica: option --index 3 is not a replica of {cluster}, which lists replicas 0 to 2")]
    [InlineData("replica -c {cluster} -i 0 --fast-path xdp", "electrode replica: option --fast-path takes one of none, kernel, not 'xdp'")]
    [InlineData("replica -c {cluster} -i 0 --batch 0", "electrode replica: option --batch takes a whole number from 1 to 65536, not '0'")]
    [InlineData("replica -c {cluster} -i 0 --app sql", "electrode replica: option --app takes one of echo, kv, null, not 'sql'")]
    [InlineData("replica -c {cluster} -i 0 -i 1", "electrode replica: option --index is given more than once")]
    [InlineData("replica -c {bad} -i 0", "electrode replica: {bad}:2: '127.0.0.1' is not <ipv4>:<port>")]
    [InlineData("replica -c {cluster} -i", "electrode replica: option --index needs a value <index>")]
    [InlineData("replica -c {cluster} -i 0 stray", "electrode replica: unexpected argument 'stray'; options are given as '-x value'")]
    [InlineData("replica -c {cluster} --idnex 0", "electrode replica: unknown option '--idnex'; did you mean --index?")]
    [InlineData("replica -c {cluster} -i 0 --bogus 1", "electrode replica: unknown option '--bogus'")]
    [InlineData("replcia -c {cluster} -i 0", "electrode: unknown command 'replcia'; did you mean replica?")]
    [InlineData("--hlep", "electrode: unknown option '--hlep'; did you mean --help?")]
    [InlineData("client -c {cluster}", "electrode client: missing option --requests <count>")]
    [InlineData("client -c {cluster} -n 0", "electrode client: option --requests takes a whole number from 1 to 100000000, not '0'")]
    [InlineData("client -c {cluster} -n 2 -t 3", "electrode client: option --clients (3) exceeds --requests (2); every client needs a request")]
    [InlineData("client -c {cluster} -n 2 --warmup soon", "electrode client: option --warmup takes a number of seconds from 0 to 3600, not 'soon'")]
    [InlineData("client -c {cluster} -n 2 --warmup 5 --deadline 5", "electrode client: option --deadline (5 s) must exceed --warmup (5 s)")]
    [InlineData("client -c {cluster} -n 2 --bind ::1", "electrode client: option --bind takes an IPv4 address, not '::1'")]
    [InlineData("client -c {cluster} -n 2 --csv {directory}/no/such/dir/x.csv",
        "electrode client: cannot write the --csv file '{directory}/no/such/dir/x.csv': Could not find a part of the path '{directory}/no/such/dir/x.csv'.")]
    [InlineData("client -c {bad} -n 2", "electrode client: {bad}:2: '127.0.0.1' is not <ipv4>:<port>")]
    [InlineData("client -c {cluster} -n 2 --shared-keys 0 --app kv", "electrode client: option --shared-keys takes a whole number from 1 to 1000000, not '0'")]
    [InlineData("client -c {cluster} -n 2 --shared-keys 4", "electrode client: options --shared-keys and --history need --app kv")]
    [InlineData("client -c {cluster} --requets 2", "electrode client: unknown option '--requets'; did you mean --requests?")]
    [InlineData("client -c @{cluster} -n 2",
        "electrode client: @{cluster}: cannot read the cluster file: Could not find a part of the path '{cwd}/@{cluster}'.")]
    [InlineData("check", "electrode check: missing option --history <file>")]
    [InlineData("check --history {directory}/h.jsonl --budget soon", "electrode check: option --budget takes a number of seconds from 0 to 86400, not 'soon'")]
    [InlineData("check --history {directory}/none.jsonl", "electrode check: cannot read the history '{directory}/none.jsonl': Could not find file '{directory}/none.jsonl'.")]
    [InlineData("chekc --history h.jsonl", "electrode: unknown command 'chekc'; did you mean check?")]
    public void InvalidUsageIsOneLineOnStandardErrorWithExitCode2(string args, string expected)
    {
        string cluster = WriteFile("cluster.txt", "f 1\nreplica 127.0.0.1:1\nreplica 127.0.0.1:2\nreplica 127.0.0.1:3\n");
        string bad = WriteFile("bad.txt", "replica 127.0.0.1:1\nreplica 127.0.0.1\n");
        string Expand(string s) => s.Replace("{cluster}", cluster).Replace("{bad}", bad).Replace("{directory}", directory)
            .Replace("{cwd}", Environment.CurrentDirectory);

        var (code, output, error) = Run(Expand(args).Split(' '));

        Assert.Equal(CommandLine.BadUsage, code);
        Assert.Empty(output);
        Assert.Equal(Expand(expected) + Environment.NewLine, error);
    }

    [Fact]
    public void ReplicaOnAKernelDataPlaneThatIsNotAttachedIsOneLineWithExitCode1()
    {
        string cluster = WriteFile("cluster.txt", "replica 127.0.0.1:1\n");
        string iface = "none" + Guid.NewGuid().ToString("N")[..8];

        var (code, output, error) = Run("replica", "-c", cluster, "-i", "0", "--data-dir", Path.Combine(directory, "data"),
            "--fast-path", "kernel", "--iface", iface);

        Assert.Equal(CommandLine.Failed, code);
        Assert.Empty(output);
        Assert.StartsWith($"electrode replica: the kernel fast paths are not attached to {iface} (nothing pinned at ", error);
        Assert.EndsWith($"run `electrode attach {iface} -c <cluster> -i <index>`" + Environment.NewLine, error);
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ReplicaOnTheKernelDataPlaneWhoseAddressNoInterfaceCarriesIsOneLineWithExitCode1()
    {
        string cluster = WriteFile("cluster.txt", "replica 192.0.2.1:1\n");

        var (code, output, error) = Run("replica", "-c", cluster, "-i", "0", "--data-dir", Path.Combine(directory, "data"),
            "--fast-path", "kernel");

        Assert.Equal(CommandLine.Failed, code);
        Assert.Empty(output);
        Assert.Equal("electrode replica: no interface of this network namespace has address 192.0.2.1, so no fast paths can serve it: " +
                     "run the replica where its address is configured" + Environment.NewLine, error);
    }

    [Fact]
    public void ClientAgainstAClusterThatNeverAnswersStopsAtTheDeadlineWithExitCode1()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        string cluster = WriteFile("silent.txt", $"replica 127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}\n");

        var (code, output, error) = Run("client", "-c", cluster, "-n", "3", "--deadline", "0.5", "--bind", "127.0.0.1");

        Assert.Equal(CommandLine.Failed, code);
        Assert.StartsWith("requests:   0 completed by 1 clients", output);
        Assert.Equal("electrode client: only 0 of 3 requests completed before the deadline of 0.5 s" + Environment.NewLine, error);
    }

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
