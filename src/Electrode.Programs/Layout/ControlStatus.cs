namespace Electrode.Programs.Layout;

/// <summary>
/// The replica's status as the fast paths know it, in the top two bits of <see cref="ControlState.Word"/>: the fast
/// paths act only in <see cref="Normal"/>, so every other protocol status userspace has maps to one that passes
/// everything up.
/// </summary>
public enum ControlStatus : uint
{
    /// <summary>Processing requests in a stable view.</summary>
    Normal = 0,

    /// <summary>Changing view (or awaiting a state transfer): the fast paths pass everything up.</summary>
    ViewChange = 1,

    /// <summary>Recovering after a restart: the fast paths pass everything up.</summary>
    Recovering = 2,

    /// <summary>Normal, but the view or last op does not fit the word: the fast paths pass everything up.</summary>
    OutOfRange = 3,
}
