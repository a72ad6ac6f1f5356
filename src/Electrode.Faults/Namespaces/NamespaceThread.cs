using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Electrode.Faults.Control;

namespace Electrode.Faults.Namespaces;

/// <summary>
/// Runs work inside a named network namespace (<c>/run/netns/NAME</c>) on a dedicated thread that joined it with
/// <c>setns(2)</c>. A network namespace is a per-thread attribute, so only that thread moves: the work's sockets,
/// netlink requests (TC attach and detach) and interface lookups happen in the namespace, while the rest of the process
/// stays where it was. The thread ends with the work; whatever the work made in the kernel (a TC filter holds its
/// program) stays.
/// </summary>
public static class NamespaceThread
{
    private const int CloneNewNet = 0x40000000;
    private static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="work"/> in namespace <paramref name="namespaceName"/> and returns its result.</summary>
    /// <param name="namespaceName">A namespace made by <c>ip netns add</c>.</param>
    /// <param name="work">What to do there.</param>
    /// <param name="timeLimit">How long to wait for it (default 60 s).</param>
    /// <exception cref="FaultInjectionException">The namespace does not exist, could not be joined, or the work ran past the time limit.</exception>
    public static T Run<T>(string namespaceName, Func<T> work, TimeSpan? timeLimit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentNullException.ThrowIfNull(work);
        string path = Path.Combine("/run/netns", namespaceName);
        if (!File.Exists(path))
            throw new FaultInjectionException($"network namespace '{namespaceName}' does not exist ({path} is missing)");
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(path);
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new FaultInjectionException(
                        $"joining network namespace '{namespaceName}' failed: {Marshal.GetLastPInvokeErrorMessage()} (run as root)");
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {namespaceName}",
        };
        thread.Start();
        var limit = timeLimit ?? DefaultTimeLimit;
        if (!thread.Join(limit))
            throw new FaultInjectionException($"work in network namespace '{namespaceName}' did not finish within {limit.TotalSeconds} s");
        failure?.Throw();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> in namespace <paramref name="namespaceName"/>.</summary>
    /// <exception cref="FaultInjectionException">As for <see cref="Run{T}(string, Func{T}, TimeSpan?)"/>.</exception>
    public static void Run(string namespaceName, Action work, TimeSpan? timeLimit = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        Run(namespaceName, () =>
        {
            work();
            return true;
        }, timeLimit);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
}
