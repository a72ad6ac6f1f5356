using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Electrode.Vr.Transport;

namespace Electrode.Cli.Attach;

/// <summary>
/// MAC addresses for replicas whose cluster-file line has none: this namespace's own interfaces for its own
/// addresses, otherwise the neighbour table (<c>/proc/net/arp</c>, which shows the caller's network namespace).
/// </summary>
internal static class NeighbourMacs
{
    private const string ArpTable = "/proc/net/arp";
    private const int CompleteEntry = 0x2; // ATF_COM

    /// <summary>The MAC of every replica, in index order.</summary>
    /// <exception cref="AttachException">A replica's MAC is neither in the cluster file nor known here.</exception>
    public static byte[][] Resolve(ClusterConfiguration configuration, string clusterPath)
    {
        var own = OwnAddresses();
        var neighbours = Neighbours();
        var macs = new byte[configuration.Count][];
        for (int i = 0; i < configuration.Count; i++)
        {
            var replica = configuration.Replicas[i];
            uint ip = replica.Address.Ipv4;
            macs[i] = replica.Mac
                      ?? (own.TryGetValue(ip, out var mine) ? mine : null)
                      ?? (neighbours.TryGetValue(ip, out var neighbour) ? neighbour : null)
                      ?? throw new AttachException(
                          $"replica {i} ({replica.Address}) has no MAC in {clusterPath} and none is known here (not an address of this " +
                          $"namespace, not in its neighbour table): add it to its line ('replica {replica.Address} <mac>') or ping {Ipv4Text(ip)} first");
        }
        return macs;
    }

    private static Dictionary<uint, byte[]> OwnAddresses()
    {
        var own = new Dictionary<uint, byte[]>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            var mac = nic.GetPhysicalAddress().GetAddressBytes();
            if (mac.Length != 6)
                continue;
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
                    own.TryAdd(ToHostOrder(unicast.Address), mac);
            }
        }
        return own;
    }

    /// <summary>Complete entries of the neighbour table: "IP address, HW type, Flags, HW address, Mask, Device".</summary>
    private static Dictionary<uint, byte[]> Neighbours()
    {
        var neighbours = new Dictionary<uint, byte[]>();
        if (!File.Exists(ArpTable))
            return neighbours;
        foreach (var line in File.ReadLines(ArpTable).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || !IPAddress.TryParse(fields[0], out var address)
                || !int.TryParse(fields[2].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int flags)
                || (flags & CompleteEntry) == 0)
                continue;
            var mac = fields[3].Split(':');
            if (mac.Length == 6)
                neighbours.TryAdd(ToHostOrder(address), mac.Select(b => byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray());
        }
        return neighbours;
    }

    private static uint ToHostOrder(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    private static string Ipv4Text(uint ip) => $"{ip >> 24}.{(ip >> 16) & 0xff}.{(ip >> 8) & 0xff}.{ip & 0xff}";
}
