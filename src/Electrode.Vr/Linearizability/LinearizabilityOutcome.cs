namespace Electrode.Vr.Linearizability;

/// <summary>The verdict on a history.</summary>
public enum LinearizabilityOutcome
{
    /// <summary>Some order of the operations, each taking effect between its call and its return, explains every reply.</summary>
    Linearizable,
    /// <summary>No such order exists: the history shows a consistency violation.</summary>
    NotLinearizable,
    /// <summary>The time budget ran out before the search decided; nothing is claimed either way.</summary>
    Unknown,
}
