namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// What the compiler process does with its command line: compile in this process (the default), hand the compile to
/// the compiler server (<see cref="UseServerOption"/>, as the MSBuild target does, falling back to this process when no
/// server can be reached), be the server (<see cref="ServeOption"/>), or stop it (<see cref="ShutdownServerOption"/>).
/// </summary>
public static class CompilerProcess
{
    /// <summary>First argument: compile through the compiler server, starting it if needed.</summary>
    public const string UseServerOption = "--use-server";

    /// <summary>Only argument: run as the compiler server until idle.</summary>
    public const string ServeOption = "--serve";

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
                return CompilerServer.Run(CompilerServerEndpoint.ForThisCompiler());
            case [ShutdownServerOption]:
                notes.WriteLine(CompilerServerClient.Shutdown(CompilerServerEndpoint.ForThisCompiler())
                    ? "BpfSharp.Compiler: the compiler server stopped"
                    : "BpfSharp.Compiler: no compiler server was running");
                return CompilerCommand.Success;
            case [UseServerOption, .. var rest]:
                var request = new CompileRequest(Environment.CurrentDirectory, rest);
                var response = CompilerServerClient.TryCompile(CompilerServerEndpoint.ForThisCompiler(), request, out string? failure);
                if (response is null)
                {
                    notes.WriteLine($"BpfSharp.Compiler: {failure}; compiling in this process");
                    return CompilerCommand.Run(rest, output);
                }
                output.Write(response.Output);
                return response.ExitCode;
            default:
                return CompilerCommand.Run(args, output);
        }
    }
}
