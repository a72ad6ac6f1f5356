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
    public const string ObjectFileName = ElectrodeFaultsObject.FileName;

    private readonly ElectrodeFaultsSkeleton loaded;
    private ulong generation;

    private FaultInjectorObject(ElectrodeFaultsSkeleton loaded) => this.loaded = loaded;

    /// <summary>The object beside the running application.</summary>
    public static string DefaultPath => ElectrodeFaultsObject.DefaultPath;

    /// <summary>The loaded injector program.</summary>
    public BpfProgram Program => loaded.Programs.Inject;

    /// <summary>Loads the object from <paramref name="path"/> (default <see cref="DefaultPath"/>); it passes everything until <see cref="Configure"/>.</summary>
    /// <exception cref="FaultInjectionException">The object file is missing.</exception>
    /// <exception cref="BpfException">The kernel refused the object (see its subclasses).</exception>
    public static FaultInjectorObject Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
            throw new FaultInjectionException($"the fault injector object {path} is missing: build Electrode.Faults (dotnet build) and reference it from this project, which copies the object beside it");
        return new FaultInjectorObject(ElectrodeFaultsSkeleton.Load(path));
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
        loaded.Maps.Config[0] = config;
        generation++;
    }

    /// <summary>The counters summed over every CPU.</summary>
    public FaultCounters ReadCounters() => ReadCountersPerCpu().Aggregate(default(FaultCounters), (sum, cpu) => sum + cpu);

    /// <summary>Each possible CPU's counters, by CPU number.</summary>
    public FaultCounters[] ReadCountersPerCpu() => loaded.Maps.Counters.Lookup(0);

    /// <summary>Closes the object's programs and maps.</summary>
    public void Dispose() => loaded.Dispose();
}
