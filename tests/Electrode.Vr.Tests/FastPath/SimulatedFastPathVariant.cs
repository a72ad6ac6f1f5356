using Electrode.Vr.FastPath;
using Electrode.Vr.FastPath.Simulated;
using Electrode.Vr.Tests.Scenarios;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.FastPath;

/// <summary>The scenario variant "simulated": the Electrode programs run on every frame, one kernel per replica incarnation.</summary>
internal sealed class SimulatedFastPathVariant : FastPathVariant
{
    private SimulatedDataPlane? dataPlane;

    public override void Attach(SimulatedNetwork network) => dataPlane = new SimulatedDataPlane(network);

    public override IFastPath ForReplica(int index) =>
        (dataPlane ?? throw new InvalidOperationException("attach the variant to the network before building replicas")).Boot(index);
}
