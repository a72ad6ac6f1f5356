using System.Net;
using System.Net.Sockets;

namespace Electrode.Cli.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("electrode-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void NoArgumentsPrintsUsageToStandardErrorAndExits2()
    {
        var (code, output, error) = Run();

        Assert.Equal(CommandLine.BadUsage, code);
        Assert.Empty(output);
        Assert.StartsWith("usage: electrode <command> [options]", error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("replica --help")]
    [InlineData("client -h")]
    public void HelpGoesToStandardOutputAndExits0(string args)
    {
        var (code, output, error) = Run(args.Split(' '));

        Assert.Equal(CommandLine.Ok, code);
        Assert.StartsWith("usage: electrode", output);
        Assert.Empty(error);
    }

    [Fact]
    public void CommandHelpDescribesTheClusterFileFormat()
    {
        Assert.Contains("replica <ipv4>:<port> [mac]", Run("replica", "--help").Output);
        Assert.Contains("replica <ipv4>:<port> [mac]", Run("client", "--help").Output);
    }

    [Theory]
    [InlineData("frob", "electrode: unknown command 'frob'; run 'electrode --help' for the list")]
    [InlineData("replica -i 0", "electrode replica: missing option --cluster <file>")]
    [InlineData("replica -c {cluster}", "electrode replica: missing option --index <index>")]
    [InlineData("replica -c {cluster} -i x", "electrode replica: option --index takes a whole number from 0 to 15, not 'x'")]
    [InlineData("replica -c {cluster} -i 3", "electrode replica: option --index 3 is not a replica of {cluster}, which lists replicas 0 to 2")]
    [InlineData("replica -c {cluster} -i 0 --fast-path kernel",
        "electrode replica: --fast-path kernel is not implemented in this build yet; run with --fast-path none")]
    [InlineData("replica -c {cluster} -i 0 --fast-path xdp", "electrode replica: option --fast-path takes one of none, kernel, not 'xdp'")]
    [InlineData("replica -c {cluster} -i 0 --batch 0", "electrode replica: option --batch takes a whole number from 1 to 65536, not '0'")]
    [InlineData("replica -c {cluster} -i 0 --app sql", "electrode replica: option --app takes one of echo, kv, not 'sql'")]
    [InlineData("replica -c {cluster} -i 0 -i 1", "electrode replica: option --index is given more than once")]
    [InlineData("replica -c {bad} -i 0", "electrode replica: {bad}:2: '127.0.0.1' is not <ipv4>:<port>")]
    [InlineData("client -c {cluster}", "electrode client: missing option --requests <count>")]
    [InlineData("client -c {cluster} -n 0", "electrode client: option --requests takes a whole number from 1 to 100000000, not '0'")]
    [InlineData("client -c {cluster} -n 2 -t 3", "electrode client: option --clients (3) exceeds --requests (2); every client needs a request")]
    [InlineData("client -c {cluster} -n 2 --warmup soon", "electrode client: option --warmup takes a number of seconds from 0 to 3600, not 'soon'")]
    [InlineData("client -c {cluster} -n 2 --warmup 5 --deadline 5", "electrode client: option --deadline (5 s) must exceed --warmup (5 s)")]
    [InlineData("client -c {cluster} -n 2 --bind ::1", "electrode client: option --bind takes an IPv4 address, not '::1'")]
    [InlineData("client -c {cluster} -n 2 --csv {directory}/no/such/dir/x.csv",
        "electrode client: cannot write the --csv file '{directory}/no/such/dir/x.csv': Could not find a part of the path '{directory}/no/such/dir/x.csv'.")]
    [InlineData("client -c {bad} -n 2", "electrode client: {bad}:2: '127.0.0.1' is not <ipv4>:<port>")]
    public void InvalidUsageIsOneLineOnStandardErrorWithExitCode2(string args, string expected)
    {
        string cluster = WriteFile("cluster.txt", "f 1\nreplica 127.0.0.1:1\nreplica 127.0.0.1:2\nreplica 127.0.0.1:3\n");
        string bad = WriteFile("bad.txt", "replica 127.0.0.1:1\nreplica 127.0.0.1\n");
        string Expand(string s) => s.Replace("{cluster}", cluster).Replace("{bad}", bad).Replace("{directory}", directory);

        var (code, output, error) = Run(Expand(args).Split(' '));

        Assert.Equal(CommandLine.BadUsage, code);
        Assert.Empty(output);
        Assert.Equal(Expand(expected) + Environment.NewLine, error);
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
