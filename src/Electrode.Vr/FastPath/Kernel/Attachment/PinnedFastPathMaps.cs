using BpfSharp;
using BpfSharp.Loader;
using Electrode.Programs.Maps;

namespace Electrode.Vr.FastPath.Kernel.Attachment;

/// <summary>
/// The maps of the fast paths <c>electrode attach</c> attached to an interface, opened from their pins: what a replica
/// running with <c>--fast-path kernel</c> reads and writes. Disposing closes the handles; the maps stay pinned.
/// </summary>
public sealed class PinnedFastPathMaps : IDisposable
{
    private readonly List<BpfMapHandle> opened;

    private PinnedFastPathMaps(AttachmentPaths paths, AttachmentRecord record, List<BpfMapHandle> opened)
    {
        Paths = paths;
        Record = record;
        this.opened = opened;
    }

    /// <summary>Where the attachment is pinned.</summary>
    public AttachmentPaths Paths { get; }

    /// <summary>What attach made (its <see cref="AttachmentRecord.EnabledPaths"/> go into every control state).</summary>
    public AttachmentRecord Record { get; }

    /// <summary><see cref="ElectrodeMaps.Control"/>: the control state at index 0.</summary>
    public BpfMapHandle Control => Named(nameof(ElectrodeMaps.Control));

    /// <summary><see cref="ElectrodeMaps.Replicas"/>: the replica table.</summary>
    public BpfMapHandle Replicas => Named(nameof(ElectrodeMaps.Replicas));

    /// <summary><see cref="ElectrodeMaps.QuorumSlots"/>: the leader's votes.</summary>
    public BpfMapHandle QuorumSlots => Named(nameof(ElectrodeMaps.QuorumSlots));

    /// <summary><see cref="ElectrodeMaps.Prepared"/>: the ring buffer of Prepares the kernel acknowledged.</summary>
    public BpfMapHandle Prepared => Named(nameof(ElectrodeMaps.Prepared));

    /// <summary><see cref="ElectrodeMaps.Handlers"/>: the program array the dispatcher tail-calls.</summary>
    public BpfMapHandle Handlers => Named(nameof(ElectrodeMaps.Handlers));

    /// <summary><see cref="ElectrodeMaps.Counters"/>: per-CPU counters by program.</summary>
    public BpfMapHandle Counters => Named(nameof(ElectrodeMaps.Counters));

    /// <summary>The names of the maps opened, as pinned under <see cref="AttachmentPaths.MapsDirectory"/>.</summary>
    public static IReadOnlyList<string> MapNames { get; } =
    [
        nameof(ElectrodeMaps.Control), nameof(ElectrodeMaps.Replicas), nameof(ElectrodeMaps.QuorumSlots),
        nameof(ElectrodeMaps.Prepared), nameof(ElectrodeMaps.Handlers), nameof(ElectrodeMaps.Counters),
    ];

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
        var opened = new List<BpfMapHandle>();
        try
        {
            foreach (var name in MapNames)
                opened.Add(OpenMap(paths, name));
            return new PinnedFastPathMaps(paths, record, opened);
        }
        catch
        {
            foreach (var map in opened)
                map.Dispose();
            throw;
        }
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
        uint attached = XdpAttachment.AttachedProgramId(ifindex);
        if (attached != record.DispatchProgramId)
            throw new FastPathNotAttachedException(
                $"the ingress program attach put on {paths.InterfaceName} (id {record.DispatchProgramId}) is no longer attached " +
                $"({(attached == 0 ? "none is" : $"program id {attached} is")}): run `{redo}`");
        return record;
    }

    private static BpfMapHandle OpenMap(AttachmentPaths paths, string name)
    {
        try
        {
            return BpfMapHandle.OpenPinned(paths.Map(name));
        }
        catch (BpfException e)
        {
            throw new FastPathNotAttachedException(
                $"map {name} of {paths.InterfaceName} cannot be opened at {paths.Map(name)} ({Errno.Describe(e.Errno)}): run `{paths.CommandFor($"electrode attach {paths.InterfaceName} -c <cluster> -i <index>")}` again");
        }
    }

    private BpfMapHandle Named(string name) => opened.Find(m => m.Info.PinPath == Paths.Map(name))!;

    /// <summary>Closes the map handles; the pins stay.</summary>
    public void Dispose()
    {
        foreach (var map in opened)
            map.Dispose();
    }
}
