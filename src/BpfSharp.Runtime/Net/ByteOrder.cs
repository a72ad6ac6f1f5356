using System.Buffers.Binary;

namespace BpfSharp.Net;

/// <summary>Conversions between host (little-endian, as BPF on x86 and arm64) and network byte order; each is one byte swap.</summary>
public static class ByteOrder
{
    /// <summary>Network to host order of a 16-bit value.</summary>
    public static ushort ToHost(ushort networkOrder) => BinaryPrimitives.ReverseEndianness(networkOrder);

    /// <summary>Network to host order of a 32-bit value.</summary>
    public static uint ToHost(uint networkOrder) => BinaryPrimitives.ReverseEndianness(networkOrder);

    /// <summary>Host to network order of a 16-bit value.</summary>
    public static ushort ToNetwork(ushort hostOrder) => BinaryPrimitives.ReverseEndianness(hostOrder);

    /// <summary>Host to network order of a 32-bit value.</summary>
    public static uint ToNetwork(uint hostOrder) => BinaryPrimitives.ReverseEndianness(hostOrder);
}
