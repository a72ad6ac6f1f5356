namespace Electrode.Programs.Maps;

/// <summary>Slots of <see cref="ElectrodeMaps.Handlers"/>.</summary>
public static class HandlerSlot
{
    /// <summary>Number of slots.</summary>
    public const int Count = 2;

    /// <summary>The fast-reply program, for Prepares.</summary>
    public const uint FastReply = 0;

    /// <summary>The quorum-prune program, for PrepareOKs of both forms.</summary>
    public const uint QuorumPrune = 1;
}
