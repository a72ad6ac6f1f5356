using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Electrode.Cluster.Processes;

/// <summary>
/// One process the harness started (an <c>electrode</c> command, usually through <c>ip netns exec</c>, which execs
/// it, so the process id is the command's own), with every output line kept. Signals go to exactly this process id;
/// disposing kills it if it still runs.
/// </summary>
public sealed class ClusterProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigUsr1 = 10;

    private readonly Process process;
    private readonly List<string> outputLines = [];
    private readonly List<string> errorLines = [];
    private bool disposed;

    private ClusterProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    /// <summary>What the harness calls this process in messages (for example <c>replica 1</c>).</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>Whether the process has ended (a disposed one has).</summary>
    public bool HasExited => disposed || process.HasExited;

    /// <summary>The exit code, once ended.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Standard output lines so far.</summary>
    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (outputLines) return [.. outputLines];
        }
    }

    /// <summary>Standard error so far, one line per line, joined by " | " for messages.</summary>
    public string Errors
    {
        get
        {
            lock (errorLines) return string.Join(" | ", errorLines);
        }
    }

    /// <summary>Starts <paramref name="start"/> with its output collected.</summary>
    /// <exception cref="ClusterException">The program could not be started.</exception>
    public static ClusterProcess Start(ProcessStartInfo start, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var started = new ClusterProcess(new Process { StartInfo = start }, name);
        started.process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (started.outputLines)
            {
                started.outputLines.Add(e.Data);
                Monitor.PulseAll(started.outputLines);
            }
        };
        started.process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (started.errorLines) started.errorLines.Add(e.Data);
        };
        try
        {
            started.process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ClusterException($"{name}: `{start.FileName}` could not be started: {e.Message}", e);
        }
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The number of output lines so far: pass it to <see cref="WaitForLine"/> to wait only for later lines.</summary>
    public int LineCount
    {
        get
        {
            lock (outputLines) return outputLines.Count;
        }
    }

    /// <summary>
    /// The first output line from index <paramref name="from"/> on that starts with <paramref name="prefix"/>, waiting up
    /// to <paramref name="timeout"/> for it; null when none came (or the process ended without printing it).
    /// </summary>
    public string? WaitForLine(string prefix, TimeSpan timeout, int from = 0)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        lock (outputLines)
        {
            int next = from;
            while (true)
            {
                for (; next < outputLines.Count; next++)
                {
                    if (outputLines[next].StartsWith(prefix, StringComparison.Ordinal))
                        return outputLines[next];
                }
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                    return null;
                if (HasExited)
                {
                    // Its last lines may still be on their way from the pipe.
                    if (!Monitor.Wait(outputLines, 200))
                        return null;
                    continue;
                }
                Monitor.Wait(outputLines, TimeSpan.FromSeconds(Math.Min(0.2, (double)left / Stopwatch.Frequency)));
            }
        }
    }

    /// <summary>Asks the process to stop (SIGTERM).</summary>
    public void Terminate() => Signal(SigTerm);

    /// <summary>Sends SIGUSR1 (a replica prints its status line).</summary>
    public void RequestStatus() => Signal(SigUsr1);

    /// <summary>Kills the process with SIGKILL, as a crash would, and waits until it is gone.</summary>
    public void Crash()
    {
        if (disposed)
            return;
        if (!process.HasExited)
            process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    /// <summary>Waits until the process has ended and its output has been read; false when it outlives <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (disposed)
            return true;
        if (!process.WaitForExit(timeout))
            return false;
        process.WaitForExit();
        return true;
    }

    /// <summary>SIGTERM, then SIGKILL if it has not ended within <paramref name="patience"/>; true when it ended on SIGTERM.</summary>
    public bool Stop(TimeSpan patience)
    {
        if (HasExited)
            return true;
        Terminate();
        if (WaitForExit(patience))
            return true;
        Crash();
        return false;
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
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

    private void Signal(int signal)
    {
        if (HasExited)
            return;
        if (kill(process.Id, signal) != 0)
            throw new ClusterException($"{Name}: kill({process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
