namespace Electrode.Vr.FastPath;

/// <summary>What became of a <see cref="IFastPath.PublishControlState"/>.</summary>
public enum ControlPublication
{
    /// <summary>The data plane acts on the published state from its next packet on.</summary>
    Published,

    /// <summary>
    /// Nothing was published: the data plane acknowledged Prepares that the replica has not drained yet. The replica
    /// must drain them (<see cref="IFastPath.DrainHandedOverPrepares"/>) and publish its state as it then stands.
    /// </summary>
    DataPlaneAhead,
}
