namespace Electrode.Faults.Control;

/// <summary>
/// The fault injector or its namespace harness cannot run here, for a reason the user can fix (not root, a missing
/// tool, a missing object file); the message is one line that says what to do.
/// </summary>
public sealed class FaultInjectionException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public FaultInjectionException(string message) : base(message) { }

    /// <summary>Creates the exception with its one-line message and the failure behind it.</summary>
    public FaultInjectionException(string message, Exception inner) : base(message, inner) { }
}
