namespace Electrode.Vr.FastPath;

/// <summary>
/// The data plane claims Prepares the replica cannot get: it advanced its control state past ops whose records never
/// came, or someone else wrote the control state. The replica cannot know what was acknowledged in its name and stops.
/// </summary>
public sealed class FastPathStalledException(string message) : Exception(message);
