using System.Diagnostics;

namespace Electrode.Cluster;

/// <summary>Whether the <c>electrode</c> executable can attach the kernel fast paths (has the <c>attach</c> command).</summary>
public static class KernelFastPathSupport
{
    /// <summary>
    /// Why <paramref name="executable"/> cannot run a cluster on the kernel fast paths (one sentence), or null when it
    /// can: <c>electrode attach --help</c> must show the attach command's usage.
    /// </summary>
    public static string? WhyUnavailable(string executable)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("attach");
        start.ArgumentList.Add("--help");
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
                return $"`{executable} attach --help` did not answer within 30 s";
            }
            // A command the build lacks still answers --help, with the list of commands: only attach's own usage line counts.
            return process.ExitCode == 0 && output.Result.Contains("electrode attach", StringComparison.Ordinal)
                ? null
                : $"this build of electrode has no `attach` command (`electrode attach --help` shows no attach usage{(error.Result.Length > 0 ? ": " + error.Result.Trim() : "")}), so the kernel fast paths cannot be attached";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"`{executable}` could not be started: {e.Message}";
        }
    }
}
