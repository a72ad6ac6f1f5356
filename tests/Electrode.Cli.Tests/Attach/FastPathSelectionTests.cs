using Electrode.Cli.Attach;
using Electrode.Programs.Layout;

namespace Electrode.Cli.Tests.Attach;

public sealed class FastPathSelectionTests
{
    [Theory]
    [InlineData("all", FastPaths.All)]
    [InlineData("none", FastPaths.None)]
    [InlineData("broadcast", FastPaths.Broadcast)]
    [InlineData("reply,broadcast", FastPaths.FastReply | FastPaths.Broadcast)]
    [InlineData("prune,reply", FastPaths.QuorumPrune | FastPaths.FastReply)]
    public void Names_select_their_paths(string text, FastPaths expected) => Assert.Equal(expected, FastPathSelection.Parse(text));

    [Theory]
    [InlineData("fast")]
    [InlineData("broadcast,")]
    [InlineData("all,prune")]
    [InlineData("")]
    public void Anything_else_is_refused(string text) => Assert.Null(FastPathSelection.Parse(text));

    [Theory]
    [InlineData(FastPaths.None, "none")]
    [InlineData(FastPaths.All, "broadcast,prune,reply")]
    [InlineData(FastPaths.QuorumPrune | FastPaths.FastReply, "prune,reply")]
    public void Format_writes_what_parse_reads(FastPaths paths, string text)
    {
        Assert.Equal(text, FastPathSelection.Format(paths));
        Assert.Equal(paths, FastPathSelection.Parse(text));
    }
}
