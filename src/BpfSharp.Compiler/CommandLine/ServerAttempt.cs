namespace BpfSharp.Compiler.CommandLine;

/// <summary>What came of handing a compile to the compiler server: its answer, no server listening, or a server that failed.</summary>
internal abstract record ServerAttempt
{
    private ServerAttempt() { }

    /// <summary>The running server compiled; <paramref name="Response"/> is what it printed and returned.</summary>
    public sealed record Answered(CompileResponse Response) : ServerAttempt;

    /// <summary>No server listens: the caller compiles in its own process, then starts one for later builds.</summary>
    public sealed record NoneListening : ServerAttempt;

    /// <summary>A server listens but did not compile this; <paramref name="Reason"/> says why.</summary>
    public sealed record Unavailable(string Reason) : ServerAttempt;
}
