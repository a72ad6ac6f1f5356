using System.Diagnostics;

namespace BpfSharp.Testing;

/// <summary>Runs a system tool (ip, mount) with a time limit, failing with its error output.</summary>
public static class ExternalCommand
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);

    /// <summary>Runs the command and returns its standard output; throws when it fails or exceeds the time limit.</summary>
    public static string Run(string fileName, params string[] arguments)
    {
        var result = TryRun(fileName, arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"`{fileName} {string.Join(' ', arguments)}` failed with exit code {result.ExitCode}: {result.Error.Trim()}");
        return result.Output;
    }

    /// <summary>Runs the command and returns its exit code and output; throws only when it cannot start or exceeds the time limit.</summary>
    public static (int ExitCode, string Output, string Error) TryRun(string fileName, params string[] arguments) =>
        TryRun(new ProcessStartInfo(fileName, arguments), TimeLimit);

    /// <summary>
    /// Runs a prepared command (its working directory and environment set by the caller) with a time limit; returns its
    /// exit code and output, and throws only when it cannot start or exceeds the limit (then it and its children are killed).
    /// </summary>
    public static (int ExitCode, string Output, string Error) TryRun(ProcessStartInfo start, TimeSpan timeLimit)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        string command = $"`{start.FileName} {string.Join(' ', start.ArgumentList)}`";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeLimit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {timeLimit.TotalSeconds} s.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
