using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Electrode.Vr.FastPath.Kernel;
using Electrode.Vr.FastPath.Kernel.Attachment;
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

    private KernelDataPlane(PinnedFastPathMaps pinned)
    {
        this.pinned = pinned;
        Maps = new KernelFastPathMaps(pinned.Control, pinned.Prepared, pinned.Counters);
    }

    /// <summary>The maps the replica's <see cref="KernelFastPath"/> works on.</summary>
    public KernelFastPathMaps Maps { get; }

    /// <summary>What attach enabled; the replica publishes it in every control state.</summary>
    public Electrode.Programs.Layout.FastPaths Enabled => pinned.Record.EnabledPaths;

    /// <summary>The interface the data plane is attached to.</summary>
    public string InterfaceName => pinned.Record.InterfaceName;

    /// <summary>
    /// Opens the data plane attached to <paramref name="interfaceName"/>, or, when null, to the interface that carries
    /// replica <paramref name="index"/>'s address.
    /// </summary>
    /// <exception cref="FastPathUnavailableException">No interface carries the address, or the attachment there was made for another replica.</exception>
    /// <exception cref="FastPathNotAttachedException">Nothing is attached to the interface.</exception>
    public static KernelDataPlane Open(ClusterConfiguration configuration, int index, string? interfaceName)
    {
        string name = interfaceName ?? InterfaceCarrying(configuration.Replicas[index].Address);
        var pinned = PinnedFastPathMaps.Open(name);
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

    /// <summary>Closes the pinned maps.</summary>
    public void Dispose()
    {
        Maps.Dispose();
        pinned.Dispose();
    }

    private static string InterfaceCarrying(EndpointAddress address)
    {
        var wanted = new IPAddress(new[] { (byte)(address.Ipv4 >> 24), (byte)(address.Ipv4 >> 16), (byte)(address.Ipv4 >> 8), (byte)address.Ipv4 });
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && unicast.Address.Equals(wanted))
                    return nic.Name;
            }
        }
        throw new FastPathUnavailableException(
            $"no interface of this network namespace carries {wanted}, the replica's address: give the attached interface with --iface");
    }
}

/// <summary>The kernel data plane a replica was asked to run on cannot be used.</summary>
internal sealed class FastPathUnavailableException(string message) : Exception(message);
