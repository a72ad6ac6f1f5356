using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.FastPath;

public class NoFastPathTests
{
    [Fact]
    public void NoFastPath_DoesNothingOnItsOwnAndKeepsTheLastPublishedState()
    {
        var fastPath = new NoFastPath();
        var state = new ReplicaState(ReplicaStatus.ViewChange, 3, 10, 9, 1, 3, 2);

        fastPath.PublishControlState(state);

        Assert.Equal(FastPaths.None, fastPath.Capabilities);
        Assert.Equal(state, fastPath.LastPublished);
        Assert.Equal(0, fastPath.DrainHandedOverPrepares(_ => Assert.Fail("nothing is ever handed over")));
    }
}
