using System.Diagnostics;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>What came of handing a compile to the compiler server: its answer, a server starting for later builds, or why neither.</summary>
internal abstract record ServerAttempt
{
    private ServerAttempt() { }

    /// <summary>The running server compiled; <paramref name="Response"/> is what it printed and returned.</summary>
    public sealed record Answered(CompileResponse Response) : ServerAttempt;

    /// <summary>
    /// No server listened: <paramref name="Server"/> is starting in the background for later builds, and the caller
    /// compiles this one in its own process rather than wait for it.
    /// </summary>
    public sealed record Starting(Process Server, string SocketPath) : ServerAttempt
    {
        /// <summary>
        /// Why the started server will not listen, once it has said so by exiting with an error; null while it runs, and
        /// when it exited with 0 (it lost the race to another server, which listens).
        /// </summary>
        public string? Failure => Server.HasExited && Server.ExitCode != 0
            ? $"the compiler server exited with code {Server.ExitCode} without listening on {SocketPath}"
            : null;
    }

    /// <summary>No server can compile this and none was started; <paramref name="Reason"/> says why.</summary>
    public sealed record Unavailable(string Reason) : ServerAttempt;
}
