namespace BpfSharp.Compiler.Tests.CommandLine;

/// <summary>The compiler as the build made it (ReadyToRun images, framework record), for tests that run it as a process.</summary>
internal static class BuiltCompiler
{
    /// <summary>Path of src/BpfSharp.Compiler/bin/Release/net10.0/BpfSharp.Compiler.dll above the test's directory.</summary>
    public static string Assembly { get; } = Find();

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
