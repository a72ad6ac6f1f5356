using Electrode.Programs.Layout;
using Electrode.Vr.FastPath;
using Electrode.Vr.FastPath.Simulated;
using KernelStatus = Electrode.Programs.Layout.ReplicaStatus;
using VrControlState = Electrode.Vr.FastPath.ControlState;
using VrStatus = Electrode.Vr.Replica.ReplicaStatus;

namespace Electrode.Vr.Tests.FastPath.Simulated;

public class KernelControlStateTests
{
    [Fact]
    public void EveryFieldOfTheReplicaStateReachesTheKernelEntry()
    {
        var state = new VrControlState(VrStatus.Normal, View: 7, LastOp: 42, LastCommitted: 40, MyIndex: 3, ClusterSize: 5, QuorumSize: 3);

        var kernel = KernelControlState.From(state, FastPathCapabilities.QuorumPrune | FastPathCapabilities.FastReply);

        Assert.Equal((7ul, 42ul, 40ul, KernelStatus.Normal), (kernel.View, kernel.LastOp, kernel.CommitNumber, kernel.Status));
        Assert.Equal((3u, 5u, 3u), (kernel.MyIndex, kernel.ReplicaCount, kernel.QuorumSize));
        Assert.Equal(FastPaths.QuorumPrune | FastPaths.FastReply, kernel.EnabledPaths);
    }

    [Theory]
    [InlineData(VrStatus.Normal, KernelStatus.Normal)]
    [InlineData(VrStatus.ViewChange, KernelStatus.ViewChange)]
    [InlineData(VrStatus.Recovering, KernelStatus.Recovering)]
    [InlineData(VrStatus.StateTransfer, KernelStatus.ViewChange)]
    public void OnlyANormalReplicaIsNormalInTheKernel(VrStatus status, KernelStatus expected)
    {
        var state = new VrControlState(status, 1, 1, 1, 0, 3, 2);

        Assert.Equal(expected, KernelControlState.From(state, FastPathCapabilities.None).Status);
    }

    [Fact]
    public void CapabilitiesMapOneToOneOntoTheKernelsPathFlags()
    {
        Assert.Equal(FastPaths.None, KernelControlState.PathsOf(FastPathCapabilities.None));
        Assert.Equal(FastPaths.Broadcast, KernelControlState.PathsOf(FastPathCapabilities.Broadcast));
        Assert.Equal(FastPaths.QuorumPrune, KernelControlState.PathsOf(FastPathCapabilities.QuorumPrune));
        Assert.Equal(FastPaths.FastReply, KernelControlState.PathsOf(FastPathCapabilities.FastReply));
    }
}
