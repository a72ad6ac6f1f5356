namespace Electrode.Cli.Tests.EndToEnd;

/// <summary>The built <c>electrode</c> executable names itself in help and answers a typo on one line.</summary>
public sealed class HelpProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void CommandHelpShowsTheUsageOfTheExecutable()
    {
        using var help = ElectrodeProcess.Start("replica", "--help");

        Assert.NotNull(help.WaitForLine("  electrode replica [options]", Patience));
        Assert.True(help.WaitForExit(Patience), "help did not end");
        Assert.Equal(0, help.ExitCode);
        Assert.Empty(help.ErrorLines);
    }

    [Fact]
    public void MistypedOptionIsOneLineWithASuggestionAndExit2()
    {
        using var client = ElectrodeProcess.Start("client", "-c", "cluster.txt", "--requets", "5");

        Assert.True(client.WaitForExit(Patience), "the client did not end");
        Assert.Equal(2, client.ExitCode);
        Assert.Equal(["electrode client: unknown option '--requets'; did you mean --requests?"], client.ErrorLines);
        Assert.Null(client.WaitForLine("", TimeSpan.Zero));
    }
}
