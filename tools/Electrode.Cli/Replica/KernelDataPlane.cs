using Electrode.Programs;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath.Kernel;
using Electrode.Vr.FastPath.Kernel.Attachment;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Replica.Storage;
using Electrode.Vr.Transport;

namespace Electrode.Cli.Replica;

/// <summary>
/// The kernel data plane a replica runs on with <c>--fast-path kernel</c>: the maps that <c>electrode attach</c> pinned
/// for the interface carrying the replica's address, checked to have been attached for this very replica.
/// </summary>
internal sealed class KernelDataPlane : IDisposable
{
    private readonly PinnedFastPathMaps pinned;

    private KernelDataPlane(PinnedFastPathMaps pinned) => this.pinned = pinned;

    /// <summary>The maps the replica's <see cref="KernelFastPath"/> works on.</summary>
    public ElectrodeSkeleton.MapSet Maps => pinned.Maps;

    /// <summary>What attach enabled; the replica publishes it in every control state.</summary>
    public FastPaths Enabled => pinned.Record.EnabledPaths;

    /// <summary>The interface the data plane is attached to.</summary>
    public string InterfaceName => pinned.Record.InterfaceName;

    /// <summary>
    /// Opens the data plane attached to <paramref name="interfaceName"/>, or, when null, to the interface that carries
    /// replica <paramref name="index"/>'s address.
    /// </summary>
    /// <exception cref="FastPathUnavailableException">The attachment there was made for another replica.</exception>
    /// <exception cref="FastPathNotAttachedException">No interface carries the address, or nothing current is attached to it.</exception>
    public static KernelDataPlane Open(ClusterConfiguration configuration, int index, string? interfaceName)
    {
        var pinned = interfaceName is null
            ? PinnedFastPathMaps.OpenForAddress(configuration.Replicas[index].Address.Ipv4)
            : PinnedFastPathMaps.Open(interfaceName);
        string name = pinned.Record.InterfaceName;
        try
        {
            var record = pinned.Record;
            ulong fingerprint = Convert.ToUInt64(ReplicaDataDirectory.Fingerprint(configuration), 16);
            if (record.ClusterFingerprint != fingerprint || record.ReplicaIndex != (uint)index)
                throw new FastPathUnavailableException(
                    $"the fast paths on {name} were attached for replica {record.ReplicaIndex} of cluster {record.ClusterFingerprintText}, " +
                    $"not replica {index} of cluster {fingerprint:x16}: run `electrode attach {name} -c <this cluster file> -i {index}` again");
            return new KernelDataPlane(pinned);
        }
        catch
        {
            pinned.Dispose();
            throw;
        }
    }

    /// <summary>What each program of <paramref name="fastPath"/> did so far, summed over CPUs.</summary>
    public static IReadOnlyDictionary<ElectrodeProgram, PathTotals> Totals(KernelFastPath fastPath) =>
        Enum.GetValues<ElectrodeProgram>().ToDictionary(program => program, fastPath.Counters);

    /// <summary>Closes the pinned maps.</summary>
    public void Dispose() => pinned.Dispose();
}

/// <summary>The kernel data plane a replica was asked to run on cannot be used.</summary>
internal sealed class FastPathUnavailableException(string message) : Exception(message);
