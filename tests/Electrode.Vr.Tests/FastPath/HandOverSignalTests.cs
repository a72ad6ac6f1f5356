using Electrode.Programs.Layout;
using Electrode.Vr.Apps;
using Electrode.Vr.FastPath;
using Electrode.Vr.Messages;
using Electrode.Vr.Replica;
using Electrode.Vr.Tests.Transport.Simulated;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.FastPath;

public class HandOverSignalTests
{
    [Fact]
    public void ReplicaAppendsHandedOverPreparesWhenTheDataPlaneSignalsWithoutWaitingForAMessage()
    {
        var network = new SimulatedNetwork(TestCluster.Configuration(3), seed: 1);
        var fastPath = new SignallingFastPath();
        var replica = new VrReplica(network, 1, new EchoApp(), fastPath: fastPath);
        fastPath.HandedOver.Enqueue(Replica.ReplicaTestBed.Prepare(0, 1, "a", "b"));

        fastPath.Signal();

        Assert.Equal(2ul, replica.LastOp);
        Assert.Equal(2ul, fastPath.LastPublished!.Value.LastOp);
    }

    [Fact]
    public void DisposedReplicaIgnoresTheSignal()
    {
        var network = new SimulatedNetwork(TestCluster.Configuration(3), seed: 1);
        var fastPath = new SignallingFastPath();
        var replica = new VrReplica(network, 1, new EchoApp(), fastPath: fastPath);
        replica.Dispose();
        fastPath.HandedOver.Enqueue(Replica.ReplicaTestBed.Prepare(0, 1, "a"));

        fastPath.Signal();

        Assert.Equal(0ul, replica.LastOp);
        Assert.Single(fastPath.HandedOver);
    }

    private sealed class SignallingFastPath : IFastPath, IHandOverSignal
    {
        public event Action? PreparesHandedOver;

        public Queue<PrepareMessage> HandedOver { get; } = new();

        public ReplicaState? LastPublished { get; private set; }

        public FastPaths Capabilities => FastPaths.FastReply;

        public ControlPublication PublishControlState(in ReplicaState state)
        {
            LastPublished = state;
            return ControlPublication.Published;
        }

        public int DrainHandedOverPrepares(Action<PrepareMessage> append)
        {
            var count = HandedOver.Count;
            while (HandedOver.TryDequeue(out var prepare)) append(prepare);
            return count;
        }

        public void Signal() => PreparesHandedOver?.Invoke();
    }
}
