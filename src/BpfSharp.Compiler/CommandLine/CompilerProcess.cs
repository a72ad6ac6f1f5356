namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// What the compiler process does with its command line: compile in this process (the default), hand the compile to
/// the compiler server (<see cref="UseServerOption"/>, as the MSBuild target does; when no server listens, this process
/// compiles and then starts one for later builds), be the server (<see cref="ServeOption"/>), or stop it (<see cref="ShutdownServerOption"/>).
/// </summary>
public static class CompilerProcess
{
    /// <summary>First argument: compile through the compiler server when one listens; else here, starting one for later builds.</summary>
    public const string UseServerOption = "--use-server";

    /// <summary>Only argument: run as the compiler server until idle.</summary>
    public const string ServeOption = "--serve";

    /// <summary>
    /// After <see cref="ServeOption"/>, followed by a working directory and a compile's arguments: the server compiles
    /// them once, writing nothing, before it serves (the first build's compile, so that the second finds it warm).
    /// </summary>
    public const string WarmUpOption = "--warm-up";

    /// <summary>Only argument: stop this compiler's server if one runs.</summary>
    public const string ShutdownServerOption = "--shutdown-server";

    /// <summary>Runs the process's command line; returns its exit code.</summary>
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs a command line with diagnostics to <paramref name="output"/> and notes about the server to <paramref name="notes"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter notes)
    {
        switch (args)
        {
            case [ServeOption]:
                return CompilerServer.Run(CompilerServerEndpoint.ForThisCompiler(), warmUp: null);
            case [ServeOption, WarmUpOption, var directory, .. var compile]:
                return CompilerServer.Run(CompilerServerEndpoint.ForThisCompiler(), new CompileRequest(directory, compile));
            case [ShutdownServerOption]:
                notes.WriteLine(CompilerServerClient.Shutdown(CompilerServerEndpoint.ForThisCompiler())
                    ? "BpfSharp.Compiler: the compiler server stopped"
                    : "BpfSharp.Compiler: no compiler server was running");
                return CompilerCommand.Success;
            case [UseServerOption, .. var rest]:
                return CompileThroughServer(rest, output, notes);
            default:
                return CompilerCommand.Run(args, output);
        }
    }

    /// <summary>
    /// Through the running server when one answers; else in this process, at once, starting a server afterwards for the
    /// next build (started before, it would take processor time this compile needs). The notes speak only when
    /// something went wrong: a server that cannot start, or did not answer.
    /// </summary>
    private static int CompileThroughServer(string[] arguments, TextWriter output, TextWriter notes)
    {
        var endpoint = CompilerServerEndpoint.ForThisCompiler();
        var request = new CompileRequest(Environment.CurrentDirectory, arguments);
        switch (CompilerServerClient.TryCompile(endpoint, request))
        {
            case ServerAttempt.Answered answered:
                output.Write(answered.Response.Output);
                return answered.Response.ExitCode;
            case ServerAttempt.NoneListening:
                int exit = CompilerCommand.Run(arguments, output);
                if (CompilerServerClient.StartInBackground(endpoint, warmUp: request) is { } failure)
                    notes.WriteLine($"BpfSharp.Compiler: {failure}; compiled in this process");
                return exit;
            case ServerAttempt.Unavailable unavailable:
                notes.WriteLine($"BpfSharp.Compiler: {unavailable.Reason}; compiling in this process");
                return CompilerCommand.Run(arguments, output);
            default:
                throw new System.Diagnostics.UnreachableException();
        }
    }
}
