using System.Diagnostics;
using BpfSharp.Loader;
using Electrode.Faults.Control;

namespace Electrode.Faults.Namespaces;

/// <summary>
/// A fresh network namespace (<c>electrode-loss-PID-N</c>, its <c>lo</c> up) whose loopback egress runs the fault
/// injector, attached with the loader's <c>AttachTc</c>: processes started in it with <see cref="StartInfo"/> and talking
/// over 127.0.0.1 there see the configured loss and duplication, and nothing outside the namespace does. Disposing it
/// detaches the injector and removes what it made, by exact name: the clsact qdisc of its <c>lo</c>, then the
/// namespace. End the processes started in it first.
/// </summary>
/// <remarks>
/// Every packet on loopback leaves by <c>lo</c>'s egress, so one attachment there sees both directions of every
/// conversation. The attach and the detach run on a thread that joined the namespace (<see cref="NamespaceThread"/>);
/// the filter holds the program, so the attachment lives in the kernel for the whole run without a thread kept there.
/// The harness makes the clsact qdisc itself (<c>tc qdisc add</c>) rather than letting the loader create it, because the
/// loader counts the qdiscs it created by ifindex, and every namespace's <c>lo</c> is ifindex 1.
/// </remarks>
public sealed class LossNamespace : IDisposable
{
    private const string Loopback = "lo";
    private static int s_created;

    private readonly List<Action> undo = [];
    private TcAttachment? attachment;
    private bool disposed;

    private LossNamespace(string name, FaultInjectorObject injector)
    {
        Name = name;
        Injector = injector;
    }

    /// <summary>The namespace's name.</summary>
    public string Name { get; }

    /// <summary>The attached injector: change its configuration at any time, read its counters.</summary>
    public FaultInjectorObject Injector { get; }

    /// <summary>
    /// Creates the namespace, attaches the injector (loaded from <paramref name="objectPath"/>, default beside the
    /// application) to its loopback egress and applies <paramref name="settings"/>.
    /// </summary>
    /// <exception cref="FaultInjectionException">Not root, iproute2 missing, or a step failed; what was made so far is removed.</exception>
    /// <exception cref="BpfException">The kernel refused to load or attach the injector.</exception>
    public static LossNamespace Create(FaultSettings settings, string? objectPath = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (geteuid() != 0)
            throw new FaultInjectionException("the loss harness must run as root: it creates a network namespace and attaches a TC program there");
        string name = $"electrode-loss-{Environment.ProcessId}-{Interlocked.Increment(ref s_created)}";
        var injector = FaultInjectorObject.Load(objectPath);
        var created = new LossNamespace(name, injector);
        try
        {
            created.Build(settings);
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    private void Build(FaultSettings settings)
    {
        Injector.Configure(settings);
        SystemTool.Run("ip", "netns", "add", Name);
        undo.Add(() => SystemTool.Run("ip", "netns", "delete", Name));
        SystemTool.Run("ip", "-n", Name, "link", "set", Loopback, "up");
        SystemTool.Run("tc", "-n", Name, "qdisc", "add", "dev", Loopback, "clsact");
        undo.Add(() => SystemTool.Run("tc", "-n", Name, "qdisc", "del", "dev", Loopback, "clsact"));
        attachment = NamespaceThread.Run(Name, () => Injector.Program.AttachTc(Loopback, TcDirection.Egress));
        undo.Add(() => NamespaceThread.Run(Name, attachment.Dispose));
    }

    /// <summary>
    /// How to start <paramref name="fileName"/> with <paramref name="arguments"/> inside the namespace: through
    /// <c>ip netns exec</c>, which replaces itself with the command, so the started process's id is the command's own.
    /// </summary>
    public ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var start = new ProcessStartInfo("ip");
        foreach (string argument in (string[])["netns", "exec", Name, fileName, .. arguments])
            start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>Detaches the injector, removes the qdisc and the namespace (newest first), then closes the object; every step is tried.</summary>
    /// <exception cref="AggregateException">Some steps failed; the others were still done.</exception>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        var failures = new List<Exception>();
        for (int i = undo.Count - 1; i >= 0; i--)
        {
            try
            {
                undo[i]();
            }
            catch (Exception e) when (e is FaultInjectionException or BpfException)
            {
                failures.Add(e);
            }
        }
        Injector.Dispose();
        if (failures.Count > 0)
            throw new AggregateException($"removing network namespace '{Name}' left something behind", failures);
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
