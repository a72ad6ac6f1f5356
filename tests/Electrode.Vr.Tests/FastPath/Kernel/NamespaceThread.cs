using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using BpfSharp.Testing;

namespace Electrode.Vr.Tests.FastPath.Kernel;

/// <summary>
/// A thread inside a network namespace the test created: sockets it opens, interface names it resolves and XDP
/// attachments it makes belong to that namespace. Work runs there one item at a time.
/// </summary>
internal sealed partial class NamespaceThread : IDisposable
{
    private const int NewNetworkNamespace = 0x40000000; // CLONE_NEWNET

    private readonly BlockingCollection<Action> work = new();
    private readonly Thread thread;

    public NamespaceThread(NetworkNamespace ns)
    {
        var entered = new TaskCompletionSource();
        thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{ns.Name}");
                if (SetNamespace((int)handle.DangerousGetHandle(), NewNetworkNamespace) != 0)
                    throw new InvalidOperationException($"setns into {ns.Name} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                entered.SetResult();
            }
            catch (Exception e)
            {
                entered.SetException(e);
                return;
            }
            foreach (var item in work.GetConsumingEnumerable())
                item();
        }) { IsBackground = true, Name = $"netns {ns.Name}" };
        thread.Start();
        entered.Task.GetAwaiter().GetResult();
    }

    public T Invoke<T>(Func<T> function)
    {
        var done = new TaskCompletionSource<T>();
        work.Add(() =>
        {
            try
            {
                done.SetResult(function());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    public void Invoke(Action action) => Invoke(() =>
    {
        action();
        return true;
    });

    public void Dispose()
    {
        work.CompleteAdding();
        thread.Join();
        work.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int type);
}
