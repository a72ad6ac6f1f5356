using Electrode.Cli.Options;

namespace Electrode.Cli.Tests.Options;

public class ParsedOptionsTests
{
    private static readonly OptionSpec Count = new(["-n", "--count"], "count", "how many");
    private static readonly OptionSpec Mode = new(["--mode"], "a|b", "which");
    private static readonly OptionSpec[] Specs = [Count, Mode];

    [Fact]
    public void ShortLongAndEqualsFormsAreRead()
    {
        Assert.Equal(5, ParsedOptions.Parse(["-n", "5"], Specs).Integer(Count, 1, 10));
        Assert.Equal(6, ParsedOptions.Parse(["--count", "6"], Specs).Integer(Count, 1, 10));
        Assert.Equal(7, ParsedOptions.Parse(["--count=7"], Specs).Integer(Count, 1, 10));
    }

    [Fact]
    public void AbsentOptionalValuesTakeTheirFallback()
    {
        var options = ParsedOptions.Parse([], Specs);

        Assert.Equal(3, options.Integer(Count, 1, 10, fallback: 3));
        Assert.Equal("a", options.Choice(Mode, ["a", "b"], "a"));
        Assert.Null(options.Optional(Mode));
    }

    [Theory]
    [InlineData(new[] { "--bogus", "1" }, "unknown option '--bogus'")]
    [InlineData(new[] { "-n" }, "option --count needs a value <count>")]
    [InlineData(new[] { "-n", "1", "--count", "2" }, "option --count is given more than once")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'; options are given as '-x value'")]
    public void MalformedCommandLinesAreRejected(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => ParsedOptions.Parse(args, Specs));

        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("1.5")]
    [InlineData("-3")]
    [InlineData("ten")]
    public void IntegerOutsideItsRangeIsRejected(string text)
    {
        var options = ParsedOptions.Parse(["-n", text], Specs);

        var e = Assert.Throws<UsageException>(() => options.Integer(Count, 1, 10));

        Assert.Equal($"option --count takes a whole number from 1 to 10, not '{text}'", e.Message);
    }

    [Fact]
    public void ChoiceOutsideTheListIsRejected()
    {
        var e = Assert.Throws<UsageException>(() => ParsedOptions.Parse(["--mode", "c"], Specs).Choice(Mode, ["a", "b"], "a"));

        Assert.Equal("option --mode takes one of a, b, not 'c'", e.Message);
    }

    [Fact]
    public void MissingRequiredOptionIsNamed()
    {
        var e = Assert.Throws<UsageException>(() => ParsedOptions.Parse([], Specs).Required(Count));

        Assert.Equal("missing option --count <count>", e.Message);
    }
}
