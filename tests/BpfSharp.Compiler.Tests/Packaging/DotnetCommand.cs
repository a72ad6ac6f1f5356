using System.Diagnostics;
using System.Reflection;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Packaging;

/// <summary>
/// Runs the dotnet CLI as a user outside this repository would: in a given directory, with none of the MSBuild or
/// NuGet settings the test host inherited, and without starting build servers that would outlive the test.
/// </summary>
internal static class DotnetCommand
{
    /// <summary>The configuration this test assembly (and so the solution) was built in.</summary>
    public static string Configuration { get; } =
        typeof(DotnetCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The repository root (the directory holding Electrode.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs `dotnet <paramref name="arguments"/>` in <paramref name="directory"/>; fails the test with its output unless it succeeds.</summary>
    public static string Run(string directory, TimeSpan timeLimit, params string[] arguments)
    {
        var (exitCode, output, error) = TryRun(directory, timeLimit, arguments);
        Assert.True(exitCode == 0, $"`dotnet {string.Join(' ', arguments)}` in {directory} failed ({exitCode}):\n{output}\n{error}");
        return output;
    }

    /// <summary>Runs `dotnet <paramref name="arguments"/>` in <paramref name="directory"/>: its exit code, output and error output.</summary>
    public static (int ExitCode, string Output, string Error) TryRun(string directory, TimeSpan timeLimit, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", arguments)
        {
            WorkingDirectory = directory,
        };
        foreach (string name in start.Environment.Keys.ToList())
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("NUGET", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        return ExternalCommand.TryRun(start, timeLimit);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Electrode.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"no Electrode.sln above {AppContext.BaseDirectory}: run the tests from a checkout of the repository");
    }
}
