using Electrode.Programs.Layout;
using Electrode.Programs.Maps;

namespace Electrode.Programs.Parsing;

/// <summary>Reads the configuration maps, refusing an inconsistent configuration as if there were none.</summary>
public static unsafe class Configuration
{
    /// <summary>The replica's control state, or null when it is missing or inconsistent.</summary>
    public static ControlState* State()
    {
        ControlState* state = ElectrodeMaps.Control.Lookup(0);
        if (state == null
            || state->ReplicaCount == 0
            || state->ReplicaCount > ReplicaEntry.MaxReplicas
            || state->MyIndex >= state->ReplicaCount
            || state->QuorumSize == 0
            || state->QuorumSize > state->ReplicaCount)
            return null;
        return state;
    }

    /// <summary>The configured replica <paramref name="index"/>, or null when it is not part of the configuration.</summary>
    public static ReplicaEntry* Replica(ControlState* state, uint index)
    {
        if (index >= ReplicaEntry.MaxReplicas || index >= state->ReplicaCount)
            return null;
        return ElectrodeMaps.Replicas.Lookup(index);
    }

    /// <summary>Index of the leader of <paramref name="view"/> in the configured cluster.</summary>
    public static uint Leader(ControlState* state, ulong view) => (uint)(view % state->ReplicaCount);

    /// <summary>True when <paramref name="path"/> is enabled.</summary>
    public static bool IsEnabled(ControlState* state, FastPaths path) => (state->EnabledPaths & path) != 0;
}
