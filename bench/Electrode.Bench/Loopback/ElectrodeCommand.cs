using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Electrode.Bench.Loopback;

/// <summary>
/// One process of the built <c>electrode</c> command (copied beside the benchmark), with its output lines
/// collected. Stopping or disposing it signals exactly this process, by its PID.
/// </summary>
internal sealed partial class ElectrodeCommand : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process process;
    private readonly BlockingCollection<string> output = new();
    private readonly ConcurrentQueue<string> errors = new();

    private ElectrodeCommand(Process process) => this.process = process;

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "electrode");

    public static ElectrodeCommand Start(params string[] args)
    {
        var info = new ProcessStartInfo(Executable);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Start(info);
    }

    /// <summary>
    /// Starts the command as <paramref name="info"/> says (for example through <c>ip netns exec</c>, which execs the
    /// command, so that the process and its PID are the command's own), with its output collected.
    /// </summary>
    public static ElectrodeCommand Start(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var command = new ElectrodeCommand(new Process { StartInfo = info });
        command.process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) command.output.Add(e.Data);
        };
        command.process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) command.errors.Enqueue(e.Data);
        };
        command.process.Start();
        command.process.BeginOutputReadLine();
        command.process.BeginErrorReadLine();
        return command;
    }

    public int ExitCode => process.ExitCode;

    public string Errors => string.Join(Environment.NewLine, errors);

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Standard output lines read so far, in order, waiting up to <paramref name="timeout"/> for one starting with <paramref name="prefix"/>.</summary>
    public string? WaitForLine(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (!output.TryTake(out var line, left > TimeSpan.Zero ? left : TimeSpan.Zero))
                return null;
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return line;
        }
    }

    /// <summary>Every remaining standard output line once the process has exited; null if it runs past <paramref name="timeout"/>.</summary>
    public IReadOnlyList<string>? WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
            return null;
        process.WaitForExit();
        return output.ToList();
    }

    /// <summary>Kills the process with SIGKILL, as a crash would, and waits until it is gone.</summary>
    public void Crash()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    /// <summary>Asks the process to stop with SIGTERM and waits for it.</summary>
    public bool Stop(TimeSpan timeout)
    {
        if (!process.HasExited)
            _ = kill(process.Id, SigTerm);
        return process.WaitForExit(timeout);
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: false);
        process.WaitForExit(5000);
        process.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
