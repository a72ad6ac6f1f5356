using System.CommandLine;
using System.Net;
using Electrode.Vr.Linearizability;

namespace Electrode.Cli.Tests.Options;

/// <summary>How each command's options are read: spellings, defaults, and the one line a bad value gets.</summary>
public class CommandOptionsTests
{
    [Theory]
    [InlineData("-n 5", 5)]
    [InlineData("--requests 6", 6)]
    [InlineData("--requests=7", 7)]
    [InlineData("--requests:8", 8)]
    public void ShortLongAndAttachedFormsAreRead(string requests, int expected)
    {
        var parsed = Parse($"client -c c.txt {requests}");

        Assert.Empty(parsed.Errors);
        Assert.Equal(expected, parsed.GetValue<int>("--requests"));
    }

    [Fact]
    public void AbsentReplicaOptionsTakeTheirDefaults()
    {
        var parsed = Parse("replica -c c.txt -i 2");

        Assert.Empty(parsed.Errors);
        Assert.Equal(("c.txt", 2), (parsed.GetValue<string>("--cluster"), parsed.GetValue<int>("--index")));
        Assert.Equal((1, "echo", "none"), (parsed.GetValue<int>("--batch"), parsed.GetValue<string>("--app"), parsed.GetValue<string>("--fast-path")));
        Assert.Null(parsed.GetValue<string>("--data-dir"));
    }

    [Fact]
    public void AbsentClientOptionsTakeTheirDefaults()
    {
        var parsed = Parse("client -c c.txt -n 10");

        Assert.Empty(parsed.Errors);
        Assert.Equal((1, 0.0, 600.0, "echo"),
            (parsed.GetValue<int>("--clients"), parsed.GetValue<double>("--warmup"), parsed.GetValue<double>("--deadline"), parsed.GetValue<string>("--app")));
        Assert.Equal(IPAddress.Any, parsed.GetValue<IPAddress>("--bind"));
        Assert.Null(parsed.GetResult("--shared-keys"));
        Assert.Null(parsed.GetValue<string>("--csv"));
        Assert.Null(parsed.GetValue<string>("--history"));
    }

    [Fact]
    public void CheckBudgetDefaultsToTheCheckersBudget()
    {
        Assert.Equal(KvLinearizabilityChecker.DefaultTimeBudget.TotalSeconds, Parse("check --history h.jsonl").GetValue<double>("--budget"));
    }

    [Fact]
    public void ValuesAreReadAsGiven()
    {
        var parsed = Parse("client -c @c.txt -n 4 -t 2 --warmup 0.5 --deadline 30 --bind 127.0.0.1 --app kv --shared-keys 16 --history h.jsonl --csv l.csv");

        Assert.Empty(parsed.Errors);
        Assert.Equal(("@c.txt", 4, 2), (parsed.GetValue<string>("--cluster"), parsed.GetValue<int>("--requests"), parsed.GetValue<int>("--clients")));
        Assert.Equal((0.5, 30.0), (parsed.GetValue<double>("--warmup"), parsed.GetValue<double>("--deadline")));
        Assert.Equal(IPAddress.Loopback, parsed.GetValue<IPAddress>("--bind"));
        Assert.Equal(("kv", 16, "h.jsonl", "l.csv"),
            (parsed.GetValue<string>("--app"), parsed.GetValue<int>("--shared-keys"), parsed.GetValue<string>("--history"), parsed.GetValue<string>("--csv")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65537")]
    [InlineData("1.5")]
    [InlineData("-3")]
    [InlineData("+3")]
    [InlineData("ten")]
    public void WholeNumberOutsideItsRangeIsRefusedInOneLine(string text)
    {
        Assert.Equal($"electrode replica: option --batch takes a whole number from 1 to 65536, not '{text}'",
            ErrorLine("replica", "-c", "c.txt", "-i", "0", "--batch", text));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3600.5")]
    [InlineData("1e3")]
    [InlineData("soon")]
    public void SecondsOutsideTheirRangeAreRefusedInOneLine(string text)
    {
        Assert.Equal($"electrode client: option --warmup takes a number of seconds from 0 to 3600, not '{text}'",
            ErrorLine("client", "-c", "c.txt", "-n", "1", "--warmup", text));
    }

    [Theory]
    [InlineData("KV")]
    [InlineData("")]
    public void ChoiceOutsideTheListIsRefusedInOneLine(string text)
    {
        Assert.Equal($"electrode client: option --app takes one of echo, kv, null, not '{text}'", ErrorLine("client", "-c", "c.txt", "-n", "1", "--app", text));
    }

    [Theory]
    [InlineData("client -n 1", "electrode client: missing option --cluster <file>")]
    [InlineData("client -c c.txt", "electrode client: missing option --requests <count>")]
    [InlineData("client -c c.txt -n 1 --csv", "electrode client: option --csv needs a value <file>")]
    [InlineData("client -c c.txt -n 1 -n 2", "electrode client: option --requests is given more than once")]
    [InlineData("client -c c.txt -n 1 --requests=2", "electrode client: option --requests is given more than once")]
    [InlineData("client -c c.txt -n 1 2", "electrode client: unexpected argument '2'; options are given as '-x value'")]
    [InlineData("client -c c.txt -n 1 --shared-key 4", "electrode client: unknown option '--shared-key'; did you mean --shared-keys?")]
    [InlineData("client -c c.txt -n 1 --warmpu=1", "electrode client: unknown option '--warmpu'; did you mean --warmup?")]
    [InlineData("client -c c.txt -n 1 -x 1", "electrode client: unknown option '-x'")]
    [InlineData("frob", "electrode: unknown command 'frob'; run 'electrode --help' for the list")]
    [InlineData("--", "electrode: no command given; run 'electrode --help' for the list")]
    public void MalformedCommandLinesAreRefusedInOneLine(string args, string expected)
    {
        Assert.Equal(expected, ErrorLine(args.Split(' ')));
    }

    private static ParseResult Parse(string args) => CommandLine.Parse(args.Split(" "));

    /// <summary>The whole standard error of a command line refused before it runs (exit 2, nothing on standard output).</summary>
    private static string ErrorLine(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(CommandLine.BadUsage, CommandLine.Run(args, output, error));
        Assert.Empty(output.ToString());
        return error.ToString().TrimEnd('\n');
    }
}
