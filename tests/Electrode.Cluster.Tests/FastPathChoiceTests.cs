namespace Electrode.Cluster.Tests;

public sealed class FastPathChoiceTests
{
    [Theory]
    [InlineData("none", false, "none")]
    [InlineData("all", true, "all/generic")]
    [InlineData("broadcast, prune", true, "broadcast,prune/generic")]
    public void AFastPathListIsReadAsAttachTakesIt(string text, bool usesKernel, string shown)
    {
        var choice = FastPathChoice.Parse(text);
        Assert.Equal(usesKernel, choice.UsesKernel);
        Assert.Equal(shown, choice.ToString());
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("broadcast", false)]
    [InlineData("broadcast,prune", false)]
    [InlineData("prune,reply", true)]
    [InlineData("reply", true)]
    [InlineData("all", true)]
    public void OnlyAChoiceWithTheFastReplySendsWithXdpTx(string text, bool sends) =>
        Assert.Equal(sends, FastPathChoice.Parse(text).SendsWithXdpTx);

    [Theory]
    [InlineData("turbo")]
    [InlineData("none,reply")]
    [InlineData("all,prune")]
    public void AnUnknownPathOrAMixWithNoneOrAllIsRefused(string text) => Assert.Throws<ArgumentException>(() => FastPathChoice.Parse(text));
}
