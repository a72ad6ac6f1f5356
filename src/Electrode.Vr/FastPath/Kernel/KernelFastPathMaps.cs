using BpfSharp.Loader;
using Electrode.Programs.Maps;

namespace Electrode.Vr.FastPath.Kernel;

/// <summary>
/// The maps of the attached Electrode object that a replica's <see cref="KernelFastPath"/> works on: the control entry
/// (created <c>BPF_F_MMAPABLE</c>), the ring buffer of prepared datagrams and the per-CPU counters. From a loaded object,
/// or opened from their pins (one file per map, named as the map, in one directory).
/// </summary>
public sealed class KernelFastPathMaps : IDisposable
{
    private readonly bool ownsHandles;

    /// <summary>Takes the three maps; with <paramref name="ownsHandles"/>, disposing this closes them.</summary>
    public KernelFastPathMaps(BpfMapHandle control, BpfMapHandle prepared, BpfMapHandle counters, bool ownsHandles = false)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(counters);
        Control = control;
        Prepared = prepared;
        Counters = counters;
        this.ownsHandles = ownsHandles;
    }

    /// <summary>The control map (<see cref="ElectrodeMaps.Control"/>).</summary>
    public BpfMapHandle Control { get; }

    /// <summary>The ring buffer of prepared datagrams (<see cref="ElectrodeMaps.Prepared"/>).</summary>
    public BpfMapHandle Prepared { get; }

    /// <summary>The per-CPU counters (<see cref="ElectrodeMaps.Counters"/>).</summary>
    public BpfMapHandle Counters { get; }

    /// <summary>The maps of an object loaded in this process; they close with the object.</summary>
    public static KernelFastPathMaps Of(LoadedBpfObject loaded) => new(
        loaded.Map(nameof(ElectrodeMaps.Control)),
        loaded.Map(nameof(ElectrodeMaps.Prepared)),
        loaded.Map(nameof(ElectrodeMaps.Counters)));

    /// <summary>Opens the maps pinned in <paramref name="directory"/> as <c>Control</c>, <c>Prepared</c> and <c>Counters</c>.</summary>
    /// <exception cref="BpfException">A map is not pinned there.</exception>
    public static KernelFastPathMaps OpenPinned(string directory)
    {
        var opened = new List<BpfMapHandle>();
        try
        {
            foreach (var name in new[] { nameof(ElectrodeMaps.Control), nameof(ElectrodeMaps.Prepared), nameof(ElectrodeMaps.Counters) })
                opened.Add(BpfMapHandle.OpenPinned(Path.Combine(directory, name)));
            return new KernelFastPathMaps(opened[0], opened[1], opened[2], ownsHandles: true);
        }
        catch
        {
            opened.ForEach(h => h.Dispose());
            throw;
        }
    }

    /// <summary>Closes the maps when they were opened from their pins.</summary>
    public void Dispose()
    {
        if (!ownsHandles)
            return;
        Control.Dispose();
        Prepared.Dispose();
        Counters.Dispose();
    }
}
