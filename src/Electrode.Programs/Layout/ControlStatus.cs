namespace Electrode.Programs.Layout;

/// <summary>
/// The replica's status as the fast paths know it, in <see cref="ControlState.Status"/>: the fast paths act only in
/// <see cref="Normal"/>, so every other protocol status userspace has maps to one that passes everything up.
/// </summary>
public enum ControlStatus : uint
{
    /// <summary>Processing requests in a stable view.</summary>
    Normal = 0,

    /// <summary>Changing view: the fast paths pass everything up.</summary>
    ViewChange = 1,

    /// <summary>Recovering after a restart: the fast paths pass everything up.</summary>
    Recovering = 2,
}
