using BpfSharp.Net;
using Electrode.Programs.Layout;
using Electrode.Vr.Transport;

namespace Electrode.Vr.FastPath.ProgramMaps;

/// <summary>Entries of the programs' replica table, as userspace configures them.</summary>
public static class ReplicaEntries
{
    /// <summary>The entry of a replica at <paramref name="address"/> whose interface has <paramref name="mac"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="mac"/> is not <see cref="MacAddress.Length"/> bytes.</exception>
    public static unsafe ReplicaEntry For(EndpointAddress address, ReadOnlySpan<byte> mac)
    {
        if (mac.Length != MacAddress.Length)
            throw new ArgumentException($"a MAC has {MacAddress.Length} bytes, not {mac.Length}", nameof(mac));
        var entry = new ReplicaEntry
        {
            AddressBE = ByteOrder.ToNetwork(address.Ipv4),
            PortBE = ByteOrder.ToNetwork(address.Port),
        };
        for (int b = 0; b < MacAddress.Length; b++)
            entry.Mac.Bytes[b] = mac[b];
        return entry;
    }
}
