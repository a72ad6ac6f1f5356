using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Electrode.Cli.Tests.EndToEnd;

/// <summary>
/// One <c>electrode</c> process started from the build output beside the tests, with its output lines collected.
/// Disposing it kills exactly this process (by its PID) if it still runs.
/// </summary>
internal sealed partial class ElectrodeProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigUsr1 = 10;

    private readonly Process process;
    private readonly BlockingCollection<string> outputLines = new();
    private readonly ConcurrentQueue<string> errorLines = new();
    private readonly List<string> seenOutput = [];

    private ElectrodeProcess(Process process) => this.process = process;

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "electrode");

    public static ElectrodeProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info };
        var started = new ElectrodeProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) started.outputLines.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) started.errorLines.Enqueue(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public int ExitCode => process.ExitCode;

    /// <summary>Standard error lines so far.</summary>
    public IReadOnlyList<string> ErrorLines => errorLines.ToList();

    /// <summary>Waits up to <paramref name="timeout"/> for a standard output line starting with <paramref name="prefix"/>.</summary>
    public string? WaitForLine(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? found = seenOutput.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        while (found is null)
        {
            var left = deadline - DateTime.UtcNow;
            if (!outputLines.TryTake(out var line, left > TimeSpan.Zero ? left : TimeSpan.Zero))
                return null;
            seenOutput.Add(line);
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                found = line;
        }
        return found;
    }

    /// <summary>Waits for the process to exit and its output to be read; false on timeout.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
            return false;
        process.WaitForExit();
        return true;
    }

    /// <summary>Sends SIGTERM to this process.</summary>
    public void Terminate() => Signal(SigTerm);

    /// <summary>Sends SIGUSR1 to this process (a replica prints its status).</summary>
    public void RequestStatus() => Signal(SigUsr1);

    private void Signal(int signal)
    {
        if (kill(process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Kills this process with SIGKILL, as a crash would, and waits for it to be gone.</summary>
    public void Crash()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: false);
            process.WaitForExit(5000);
        }
        finally
        {
            process.Dispose();
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
