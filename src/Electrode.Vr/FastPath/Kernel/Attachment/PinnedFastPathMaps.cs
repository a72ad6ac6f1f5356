using BpfSharp;
using BpfSharp.Loader;
using Electrode.Programs;

namespace Electrode.Vr.FastPath.Kernel.Attachment;

/// <summary>
/// The maps of the fast paths <c>electrode attach</c> attached to an interface, opened from their pins through the
/// generated bindings: what a replica running with <c>--fast-path kernel</c> reads and writes. Disposing closes the
/// handles; the maps stay pinned.
/// </summary>
public sealed class PinnedFastPathMaps : IDisposable
{
    private PinnedFastPathMaps(AttachmentPaths paths, AttachmentRecord record, ElectrodeSkeleton.MapSet maps)
    {
        Paths = paths;
        Record = record;
        Maps = maps;
    }

    /// <summary>Where the attachment is pinned.</summary>
    public AttachmentPaths Paths { get; }

    /// <summary>What attach made (its <see cref="AttachmentRecord.EnabledPaths"/> go into every control state).</summary>
    public AttachmentRecord Record { get; }

    /// <summary>Every map of the object, typed as the programs declare them, opened from <see cref="AttachmentPaths.MapsDirectory"/>.</summary>
    public ElectrodeSkeleton.MapSet Maps { get; }

    /// <summary>
    /// Opens the pinned maps of the fast paths attached to <paramref name="interfaceName"/> of the caller's network
    /// namespace, after checking that the attachment is current: its record is readable, it was made for this very
    /// interface and namespace, and its ingress program is still the one attached.
    /// </summary>
    /// <exception cref="FastPathNotAttachedException">It is not; the message names the command that fixes it.</exception>
    public static PinnedFastPathMaps Open(string interfaceName)
    {
        var paths = AttachmentPaths.For(interfaceName);
        var record = CurrentRecord(paths);
        return new PinnedFastPathMaps(paths, record, OpenMaps(paths));
    }

    /// <summary>
    /// <see cref="Open"/> for the interface of the caller's network namespace that carries <paramref name="ipv4"/> (host
    /// order, as <see cref="Electrode.Vr.Transport.EndpointAddress.Ipv4"/>): the interface a replica bound to that
    /// address receives its datagrams on.
    /// </summary>
    /// <exception cref="FastPathNotAttachedException">No interface here has the address, or its attachment is not current.</exception>
    public static PinnedFastPathMaps OpenForAddress(uint ipv4) => Open(InterfaceCarrying(ipv4));

    /// <summary>The name of the interface of the caller's network namespace that has IPv4 address <paramref name="ipv4"/> (host order).</summary>
    /// <exception cref="FastPathNotAttachedException">None has.</exception>
    public static string InterfaceCarrying(uint ipv4)
    {
        var address = new System.Net.IPAddress(new[] { (byte)(ipv4 >> 24), (byte)(ipv4 >> 16), (byte)(ipv4 >> 8), (byte)ipv4 });
        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                   .FirstOrDefault(nic => nic.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(address)))?.Name
               ?? throw new FastPathNotAttachedException(
                   $"no interface of this network namespace has address {address}, so no fast paths can serve it: run the replica where its address is configured");
    }

    /// <summary>
    /// The record of the attachment at <paramref name="paths"/>, checked to be current.
    /// </summary>
    /// <exception cref="FastPathNotAttachedException">Nothing is attached there, or what is pinned is stale.</exception>
    public static AttachmentRecord CurrentRecord(AttachmentPaths paths)
    {
        string attach = paths.CommandFor($"electrode attach {paths.InterfaceName} -c <cluster> -i <index>");
        string redo = paths.CommandFor($"electrode detach {paths.InterfaceName}") + "` then `" + attach;
        if (!File.Exists(paths.Record))
            throw new FastPathNotAttachedException(
                $"the kernel fast paths are not attached to {paths.InterfaceName} (nothing pinned at {paths.ShownDirectory}): run `{attach}`");
        AttachmentRecord? read;
        try
        {
            read = AttachmentRecordMap.Read(paths.Record);
        }
        catch (BpfException e)
        {
            throw new FastPathNotAttachedException($"cannot read the attachment record {paths.Record}: {Errno.Describe(e.Errno)}; run `{redo}`");
        }
        if (read is not { } record)
            throw new FastPathNotAttachedException($"{paths.Record} is not an attachment record of this version: run `{redo}`");
        int ifindex;
        try
        {
            ifindex = NetworkInterfaceIndex.Of(paths.InterfaceName);
        }
        catch (NetworkInterfaceNotFoundException)
        {
            throw new FastPathNotAttachedException(
                $"{paths.InterfaceName} no longer exists in this network namespace; its pins at {paths.ShownDirectory} are stale: run `{paths.CommandFor($"electrode detach {paths.InterfaceName}")}`");
        }
        if (record.Ifindex != ifindex || (record.NetworkNamespaceCookie != 0 && record.NetworkNamespaceCookie != paths.NetworkNamespace.Cookie))
            throw new FastPathNotAttachedException(
                $"the pins at {paths.ShownDirectory} were made for an earlier interface {paths.InterfaceName} (ifindex {record.Ifindex}, now {ifindex}): run `{redo}`");
        if (record.DispatchProgramId == 0)
            return record; // the enabled paths run no XDP program: whatever XDP program is there is not ours to check
        uint attached = XdpAttachment.AttachedProgramId(ifindex);
        if (attached != record.DispatchProgramId)
            throw new FastPathNotAttachedException(
                $"the ingress program attach put on {paths.InterfaceName} (id {record.DispatchProgramId}) is no longer attached " +
                $"({(attached == 0 ? "none is" : $"program id {attached} is")}): run `{redo}`");
        return record;
    }

    private static ElectrodeSkeleton.MapSet OpenMaps(AttachmentPaths paths)
    {
        string again = paths.CommandFor($"electrode attach {paths.InterfaceName} -c <cluster> -i <index>");
        try
        {
            return ElectrodeSkeleton.MapSet.OpenPinned(paths.MapsDirectory);
        }
        catch (BpfException e)
        {
            throw new FastPathNotAttachedException(
                $"the maps of {paths.InterfaceName} cannot be opened at {paths.MapsDirectory} ({e.Message.TrimEnd('.')}): run `{again}` again");
        }
        catch (ArgumentException)
        {
            throw new FastPathNotAttachedException(
                $"the maps pinned at {paths.ShownDirectory} were made by another build of electrode (a map's type or sizes differ): " +
                $"run `{paths.CommandFor($"electrode detach {paths.InterfaceName}")}` then `{again}`");
        }
    }

    /// <summary>Closes the map handles; the pins stay.</summary>
    public void Dispose() => Maps.Dispose();
}
