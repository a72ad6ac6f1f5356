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
    [InlineData("all", "batched", "idle", "all/generic")]
    [InlineData("all@every-record", "every-record", "idle", "all@every-record/generic")]
    [InlineData("all@normal", "batched", "normal", "all@normal/generic")]
    [InlineData("reply@normal@every-record", "every-record", "normal", "reply@every-record@normal/generic")]
    public void Modifiers_after_at_signs_choose_the_replicas_wakeups_and_follower_scheduling(string text, string wakeups, string scheduling, string shown)
    {
        var choice = FastPathChoice.Parse(text);
        Assert.Equal(wakeups, choice.Wakeups);
        Assert.Equal(scheduling, choice.Scheduling);
        Assert.Equal(shown, choice.ToString());
    }

    [Theory]
    [InlineData("turbo")]
    [InlineData("none,reply")]
    [InlineData("all,prune")]
    [InlineData("all@fast")]
    public void AnUnknownPathOrAMixWithNoneOrAllIsRefused(string text) => Assert.Throws<ArgumentException>(() => FastPathChoice.Parse(text));
}
