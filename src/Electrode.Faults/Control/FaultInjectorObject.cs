using BpfSharp.Loader;
using Electrode.Faults.Layout;

namespace Electrode.Faults.Control;

/// <summary>
/// <c>electrode-faults.bpf.o</c> loaded into the kernel: the <see cref="FaultInjector.Inject"/> program, ready to attach
/// or to test-run, with its configuration and counters. Disposing it closes the object; an attachment keeps the program
/// alive until it is detached.
/// </summary>
public sealed class FaultInjectorObject : IDisposable
{
    /// <summary>The object's file name, as the build copies it beside every project that references Electrode.Faults.</summary>
    public const string ObjectFileName = "electrode-faults.bpf.o";

    private readonly BpfObject opened;
    private readonly LoadedBpfObject loaded;
    private ulong generation;

    private FaultInjectorObject(BpfObject opened, LoadedBpfObject loaded)
    {
        this.opened = opened;
        this.loaded = loaded;
    }

    /// <summary>The object beside the running application.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, ObjectFileName);

    /// <summary>The loaded injector program.</summary>
    public BpfProgram Program => loaded.Program(nameof(FaultInjector.Inject));

    /// <summary>Loads the object from <paramref name="path"/> (default <see cref="DefaultPath"/>); it passes everything until <see cref="Configure"/>.</summary>
    /// <exception cref="FaultInjectionException">The object file is missing.</exception>
    /// <exception cref="BpfException">The kernel refused the object (see its subclasses).</exception>
    public static FaultInjectorObject Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
            throw new FaultInjectionException($"the fault injector object {path} is missing: build Electrode.Faults (dotnet build) and reference it from this project, which copies the object beside it");
        var opened = BpfObject.Open(path);
        try
        {
            return new FaultInjectorObject(opened, opened.Load());
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Applies <paramref name="settings"/> to every packet from now on; each CPU's random stream restarts from the seed at
    /// its next datagram in range, so a configuration replays the same decisions.
    /// </summary>
    /// <exception cref="ArgumentException">The settings are inconsistent (see <see cref="FaultSettings.ToConfig"/>).</exception>
    public void Configure(FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = settings.ToConfig(generation + 1);
        loaded.Map(nameof(FaultMaps.Config)).Update(0u, config);
        generation++;
    }

    /// <summary>The counters summed over every CPU.</summary>
    public FaultCounters ReadCounters() => ReadCountersPerCpu().Aggregate(default(FaultCounters), (sum, cpu) => sum + cpu);

    /// <summary>Each possible CPU's counters, by CPU number.</summary>
    public FaultCounters[] ReadCountersPerCpu() =>
        loaded.Map(nameof(FaultMaps.Counters)).LookupPerCpu<uint, FaultCounters>(0u)
        ?? throw new BpfException("the fault injector's counters map has no entry 0: the object is not the one this code was built with", BpfSharp.Errno.ENOENT);

    /// <summary>Closes the object's programs and maps.</summary>
    public void Dispose()
    {
        loaded.Dispose();
        opened.Dispose();
    }
}
