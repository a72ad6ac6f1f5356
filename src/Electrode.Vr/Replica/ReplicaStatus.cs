namespace Electrode.Vr.Replica;

/// <summary>Where a replica stands in the protocol; the data plane fast-paths only in <see cref="Normal"/>.</summary>
public enum ReplicaStatus
{
    /// <summary>Processing prepares and commits of its view.</summary>
    Normal = 0,
    /// <summary>Moving to a new view; normal-operation messages are not handled.</summary>
    ViewChange = 1,
    /// <summary>Rebuilt from scratch and relearning its state from the others; takes no part in the protocol.</summary>
    Recovering = 2,
    /// <summary>Normal protocol status, but waiting for a state transfer to fill a gap or reach a newer view.</summary>
    StateTransfer = 3,
}
