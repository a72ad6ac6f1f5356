namespace BpfSharp.Compiler;

/// <summary>Command-line entry of the compiler, as the MSBuild target invokes it.</summary>
public static class CompilerCommand
{
    /// <summary>Runs the compiler with command-line arguments; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("bpfsharp: not implemented yet");
        return 2;
    }
}
