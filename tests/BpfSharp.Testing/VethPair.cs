using System.Net;
using BpfSharp.Loader;

namespace BpfSharp.Testing;

/// <summary>
/// A uniquely named veth pair, both ends up; the peer end optionally inside a namespace. Dispose
/// deletes exactly this pair (deleting one end deletes both).
/// </summary>
public sealed class VethPair : IDisposable
{
    private bool disposed;

    private VethPair(string name, string peerName, NetworkNamespace? peerNamespace)
    {
        Name = name;
        PeerName = peerName;
        PeerNamespace = peerNamespace;
    }

    /// <summary>The end in the current namespace.</summary>
    public string Name { get; }

    /// <summary>The other end.</summary>
    public string PeerName { get; }

    /// <summary>The namespace holding the peer end, or null when it is in the current namespace.</summary>
    public NetworkNamespace? PeerNamespace { get; }

    /// <summary>The address of <see cref="Name"/> once <see cref="AssignAddresses"/> ran.</summary>
    public IPAddress? Address { get; private set; }

    /// <summary>The address of <see cref="PeerName"/> (inside <see cref="PeerNamespace"/>) once <see cref="AssignAddresses"/> ran.</summary>
    public IPAddress? PeerAddress { get; private set; }

    /// <summary>The ifindex of <see cref="Name"/> in the current namespace.</summary>
    public int Ifindex => NetworkInterfaceIndex.Of(Name);

    /// <summary>Creates a pair named "bst" + unique hex + "a"/"b" (within the kernel's 15-character limit).</summary>
    public static VethPair Create(NetworkNamespace? peerNamespace = null)
    {
        string stem = "bst" + Guid.NewGuid().ToString("N")[..8];
        var pair = new VethPair(stem + "a", stem + "b", peerNamespace);
        string[] peer = peerNamespace is null ? ["peer", "name", pair.PeerName] : ["peer", "name", pair.PeerName, "netns", peerNamespace.Name];
        ExternalCommand.Run("ip", ["link", "add", pair.Name, "type", "veth", .. peer]);
        try
        {
            ExternalCommand.Run("ip", "link", "set", pair.Name, "up");
            if (peerNamespace is null)
                ExternalCommand.Run("ip", "link", "set", pair.PeerName, "up");
            else
                peerNamespace.Ip("link", "set", pair.PeerName, "up");
        }
        catch
        {
            pair.Dispose();
            throw;
        }
        return pair;
    }

    /// <summary>
    /// Gives both ends addresses of a random /30 in 10.213.0.0/16, so traffic sent to
    /// <see cref="PeerAddress"/> leaves through <see cref="Name"/> and the namespace answers it.
    /// The addresses and their route go away with the pair.
    /// </summary>
    public void AssignAddresses()
    {
        if (PeerNamespace is null)
            throw new InvalidOperationException("Addresses need the peer end inside a namespace; create the pair with one.");
        int subnet = Random.Shared.Next(0, 1 << 14) * 4;
        Address = new IPAddress(new byte[] { 10, 213, (byte)(subnet >> 8), (byte)(subnet + 1) });
        PeerAddress = new IPAddress(new byte[] { 10, 213, (byte)(subnet >> 8), (byte)(subnet + 2) });
        ExternalCommand.Run("ip", "address", "add", $"{Address}/30", "dev", Name);
        PeerNamespace.Ip("address", "add", $"{PeerAddress}/30", "dev", PeerName);
    }

    /// <summary>Deletes the pair, unless it is already gone (for example with its namespace).</summary>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        var result = ExternalCommand.TryRun("ip", "link", "delete", Name);
        if (result.ExitCode != 0 && NetworkInterfaceIndexExists(Name))
            throw new InvalidOperationException($"`ip link delete {Name}` failed: {result.Error.Trim()}");
    }

    private static bool NetworkInterfaceIndexExists(string name)
    {
        try
        {
            NetworkInterfaceIndex.Of(name);
            return true;
        }
        catch (NetworkInterfaceNotFoundException)
        {
            return false;
        }
    }
}
