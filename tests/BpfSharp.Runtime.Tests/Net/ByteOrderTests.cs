using System.Buffers.Binary;
using BpfSharp.Net;

namespace BpfSharp.Runtime.Tests.Net;

public class ByteOrderTests
{
    [Fact]
    public void ToNetwork_of_16_bits_lays_out_the_high_byte_first_in_memory()
    {
        ushort network = ByteOrder.ToNetwork((ushort)0x0800);
        Assert.Equal(new byte[] { 0x08, 0x00 }, BitConverter.GetBytes(network));
    }

    [Fact]
    public void ToNetwork_of_32_bits_lays_out_the_high_byte_first_in_memory()
    {
        uint network = ByteOrder.ToNetwork(0x0a000102u);
        Assert.Equal(new byte[] { 0x0a, 0x00, 0x01, 0x02 }, BitConverter.GetBytes(network));
    }

    [Fact]
    public void ToHost_reads_big_endian_wire_values()
    {
        byte[] wire = [0x12, 0x34, 0x56, 0x78];
        Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(wire), ByteOrder.ToHost(BitConverter.ToUInt16(wire)));
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(wire), ByteOrder.ToHost(BitConverter.ToUInt32(wire)));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(0xdeadbeefu)]
    [InlineData(uint.MaxValue)]
    public void ToHost_undoes_ToNetwork(uint value)
    {
        Assert.Equal(value, ByteOrder.ToHost(ByteOrder.ToNetwork(value)));
        Assert.Equal((ushort)value, ByteOrder.ToHost(ByteOrder.ToNetwork((ushort)value)));
    }
}
