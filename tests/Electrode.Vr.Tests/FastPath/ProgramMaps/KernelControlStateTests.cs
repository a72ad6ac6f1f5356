using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.FastPath.ProgramMaps;

public class KernelControlStateTests
{
    [Fact]
    public void EveryFieldOfTheReplicaStateReachesTheKernelEntry()
    {
        var state = new ReplicaState(ReplicaStatus.Normal, View: 7, LastOp: 42, LastCommitted: 40, MyIndex: 3, ClusterSize: 5, QuorumSize: 3);

        var kernel = KernelControlState.From(state, FastPaths.QuorumPrune | FastPaths.FastReply);

        Assert.Equal((7ul, 42ul, 40ul, ControlStatus.Normal), (kernel.View, kernel.LastOp, kernel.CommitNumber, kernel.Status));
        Assert.Equal((3u, 5u, 3u), (kernel.MyIndex, kernel.ReplicaCount, kernel.QuorumSize));
        Assert.Equal(FastPaths.QuorumPrune | FastPaths.FastReply, kernel.EnabledPaths);
    }

    [Theory]
    [InlineData(ReplicaStatus.Normal, ControlStatus.Normal)]
    [InlineData(ReplicaStatus.ViewChange, ControlStatus.ViewChange)]
    [InlineData(ReplicaStatus.Recovering, ControlStatus.Recovering)]
    [InlineData(ReplicaStatus.StateTransfer, ControlStatus.ViewChange)]
    public void OnlyANormalReplicaIsNormalInTheKernel(ReplicaStatus status, ControlStatus expected)
    {
        var state = new ReplicaState(status, 1, 1, 1, 0, 3, 2);

        Assert.Equal(expected, KernelControlState.From(state, FastPaths.None).Status);
    }

    [Theory]
    [InlineData(FastPaths.None)]
    [InlineData(FastPaths.Broadcast)]
    [InlineData(FastPaths.QuorumPrune)]
    [InlineData(FastPaths.FastReply)]
    public void EnabledPathsReachTheKernelEntryUnchanged(FastPaths enabled)
    {
        var state = new ReplicaState(ReplicaStatus.Normal, 1, 1, 1, 0, 3, 2);

        Assert.Equal(enabled, KernelControlState.From(state, enabled).EnabledPaths);
    }
}
