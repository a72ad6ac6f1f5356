using System.Diagnostics;

namespace BpfSharp.Compiler.Tests.CommandLine;

/// <summary>The compiler as the build made it (ReadyToRun images, framework record), for tests that run it as a process.</summary>
internal static class BuiltCompiler
{
    private static readonly TimeSpan ProcessTimeLimit = TimeSpan.FromMinutes(3);

    /// <summary>Path of src/BpfSharp.Compiler/bin/Release/net10.0/BpfSharp.Compiler.dll above the test's directory.</summary>
    public static string Assembly { get; } = Find();

    /// <summary>
    /// Runs <c>dotnet <paramref name="compiler"/> <paramref name="arguments"/></c> in <paramref name="workingDirectory"/>
    /// with <paramref name="environment"/> added (a null value removes the variable); returns its exit code, standard
    /// output and standard error.
    /// </summary>
    /// <exception cref="TimeoutException">It ran longer than three minutes (and was killed).</exception>
    public static (int ExitCode, string Output, string Error) Run(string compiler, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        start.ArgumentList.Add(compiler);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(ProcessTimeLimit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the compiler took longer than {ProcessTimeLimit}");
        }
        return (process.ExitCode, output, error.Result);
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "src/BpfSharp.Compiler/bin/Release/net10.0/BpfSharp.Compiler.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("the built compiler is not above " + AppContext.BaseDirectory);
    }
}
