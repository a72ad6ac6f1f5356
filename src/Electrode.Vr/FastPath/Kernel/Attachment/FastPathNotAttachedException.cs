namespace Electrode.Vr.FastPath.Kernel.Attachment;

/// <summary>
/// The kernel fast paths of an interface cannot be used: nothing is attached, what is pinned is stale or was
/// replaced, or the pins cannot be reached. The message is one line that names the command to run.
/// </summary>
public sealed class FastPathNotAttachedException(string message) : Exception(message);
