using System.ComponentModel;
using System.Diagnostics;
using Electrode.Faults.Control;

namespace Electrode.Faults.Namespaces;

/// <summary>Runs the system tools the namespace harnesses need (<c>ip</c>, <c>tc</c>, <c>iptables</c>), each bounded in time.</summary>
public static class SystemTool
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/>; its standard output when it exits 0.</summary>
    /// <exception cref="FaultInjectionException">The tool is not installed, failed, or ran past the time limit.</exception>
    public static string Run(string tool, params string[] arguments)
    {
        string commandLine = $"{tool} {string.Join(' ', arguments)}";
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new FaultInjectionException($"`{tool}` could not be started ({e.Message}): install it (scripts/bootstrap.sh installs iproute2 and iptables)", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeLimit))
            {
                process.Kill();
                throw new FaultInjectionException($"`{commandLine}` did not finish within {TimeLimit.TotalSeconds} s and was killed");
            }
            if (process.ExitCode != 0)
                throw new FaultInjectionException($"`{commandLine}` failed (exit code {process.ExitCode}): {error.Result.Trim()}");
            return output.Result;
        }
    }
}
