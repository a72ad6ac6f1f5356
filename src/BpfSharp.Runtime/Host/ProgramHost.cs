namespace BpfSharp;

/// <summary>The host running a program on the current thread, which the programming model's helpers call.</summary>
internal static class ProgramHost
{
    [ThreadStatic] private static IProgramHost? s_current;

    /// <summary>The host whose program is running on this thread.</summary>
    /// <exception cref="InvalidOperationException">No program runs on this thread.</exception>
    public static IProgramHost Current => s_current
        ?? throw new InvalidOperationException(
            "a BPF helper or map operation was called outside a program run; run the program through an InProcessKernel, "
            + "and use InProcessKernel.Map(...) for userspace access to maps");

    /// <summary>Makes <paramref name="host"/> this thread's host (null for none); returns the one it replaces, to restore after the run.</summary>
    public static IProgramHost? Exchange(IProgramHost? host)
    {
        var previous = s_current;
        s_current = host;
        return previous;
    }
}
