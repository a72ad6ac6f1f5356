using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.Replica;

public class QuorumSetTests
{
    [Fact]
    public void Quorum_NeedsDistinctReplicas()
    {
        var set = new QuorumSet<ulong, string>(2);

        Assert.Null(set.AddAndCheckForQuorum(1, 0, "first"));
        Assert.Null(set.AddAndCheckForQuorum(1, 0, "again"));
        var quorum = set.AddAndCheckForQuorum(1, 2, "second");

        Assert.NotNull(quorum);
        Assert.Equal("again", quorum[0]);
    }

    [Fact]
    public void Keys_AreCountedSeparatelyAndClearForgetsAll()
    {
        var set = new QuorumSet<ulong, string>(2);
        set.AddAndCheckForQuorum(1, 0, "a");

        Assert.Null(set.AddAndCheckForQuorum(2, 1, "b"));
        set.Clear();
        Assert.Empty(set.Get(1));
    }
}
