using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// Guards the Roslyn images that the compiler's build makes with part of the shared framework inside their version
/// bubble (BpfSharp.Compiler.ReadyToRun.targets). Such an image is valid only on the framework it was made against: on
/// any other, the runtime ends the process as soon as Roslyn loads ("MVID mismatch"). The build records that framework's
/// directory next to the images; before anything touches Roslyn, a process that runs on another framework (an SDK
/// update since the build, a newer runtime installed beside it) runs itself again with Roslyn's native code switched
/// off: slower, never wrong. Without a record (the package's images, valid on any runtime) nothing is checked.
/// </summary>
internal static class ReadyToRunFramework
{
    /// <summary>The file, beside the compiler assembly, that names the framework directory Roslyn's images were made against.</summary>
    public const string RecordFileName = "BpfSharp.Compiler.r2r-framework";

    /// <summary>The runtime's list of assemblies whose ReadyToRun code it ignores.</summary>
    public const string ExcludeListVariable = "DOTNET_ReadyToRunExcludeList";

    /// <summary>Roslyn's assemblies, as <see cref="ExcludeListVariable"/> names them.</summary>
    public const string RoslynAssemblies = "Microsoft.CodeAnalysis;Microsoft.CodeAnalysis.CSharp";

    /// <summary>
    /// The framework directory recorded in <paramref name="compilerDirectory"/> when it is not <paramref name="runningFramework"/>;
    /// null when they are the same, when nothing is recorded, or when Roslyn's native code is already switched off.
    /// </summary>
    public static string? Mismatch(string compilerDirectory, string runningFramework, string? excludeList)
    {
        if (excludeList is not null && excludeList.Contains("Microsoft.CodeAnalysis.CSharp", StringComparison.Ordinal))
            return null;
        string record = Path.Combine(compilerDirectory, RecordFileName);
        if (!File.Exists(record)) return null;
        string recorded = File.ReadAllText(record).Trim();
        return SameDirectory(recorded, runningFramework) ? null : recorded;
    }

    /// <summary>
    /// Runs this compiler again with <paramref name="args"/> and Roslyn's native code off when this process's framework
    /// is not the one Roslyn's images were made for; returns the exit code of that run, or null to go on here.
    /// </summary>
    public static int? RunAgainIfMismatched(string[] args)
    {
        string compiler = typeof(ReadyToRunFramework).Assembly.Location;
        if (compiler.Length == 0 || Environment.ProcessPath is not { } host) return null;
        string running = RuntimeEnvironment.GetRuntimeDirectory();
        string? excluded = Environment.GetEnvironmentVariable(ExcludeListVariable);
        if (Mismatch(Path.GetDirectoryName(compiler)!, running, excluded) is not { } recorded)
            return null;

        Console.Error.WriteLine($"BpfSharp.Compiler: Roslyn's native images were made for the framework in {recorded}, not {running}; " +
                                "compiling without them (slower). Build the compiler again to remake them.");

        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(compiler);
        foreach (string argument in args) start.ArgumentList.Add(argument);
        start.Environment[ExcludeListVariable] = string.IsNullOrEmpty(excluded) ? RoslynAssemblies : excluded + ";" + RoslynAssemblies;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start '{host}'");
        process.WaitForExit();
        return process.ExitCode;
    }

    private static bool SameDirectory(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
