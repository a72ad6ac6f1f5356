using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Electrode.Vr.Transport.Udp;

/// <summary>Conversions between <see cref="EndpointAddress"/> and the socket layer's IPv4 address forms, without allocation where it matters.</summary>
internal static class SocketAddresses
{
    public static SocketAddress ToSocketAddress(EndpointAddress address) => ToIPEndPoint(address).Serialize();

    public static IPEndPoint ToIPEndPoint(EndpointAddress address)
    {
        Span<byte> ip = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(ip, address.Ipv4);
        return new IPEndPoint(new IPAddress(ip), address.Port);
    }

    public static EndpointAddress FromIPEndPoint(IPEndPoint endpoint)
    {
        if (endpoint.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"only IPv4 endpoints are supported, not {endpoint}", nameof(endpoint));
        Span<byte> ip = stackalloc byte[4];
        endpoint.Address.TryWriteBytes(ip, out _);
        return new EndpointAddress(BinaryPrimitives.ReadUInt32BigEndian(ip), (ushort)endpoint.Port);
    }

    /// <summary>Reads an IPv4 sockaddr filled in by a receive (family, big-endian port, big-endian address).</summary>
    public static EndpointAddress FromSocketAddress(SocketAddress address)
    {
        var bytes = address.Buffer.Span;
        return new EndpointAddress(BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]));
    }
}
