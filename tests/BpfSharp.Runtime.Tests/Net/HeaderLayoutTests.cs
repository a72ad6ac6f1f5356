using System.Runtime.CompilerServices;
using BpfSharp.Net;

namespace BpfSharp.Runtime.Tests.Net;

public unsafe class HeaderLayoutTests
{
    private static int Offset<T>(ref T header, ref byte field) =>
        (int)Unsafe.ByteOffset(ref Unsafe.As<T, byte>(ref header), ref field);

    [Fact]
    public void EthernetHeader_is_14_bytes_with_fields_at_the_ethhdr_offsets()
    {
        var header = new EthernetHeader();
        Assert.Equal(14, sizeof(EthernetHeader));
        Assert.Equal(0, Offset(ref header, ref header.Destination[0]));
        Assert.Equal(6, Offset(ref header, ref header.Source[0]));
        Assert.Equal(12, Offset(ref header, ref Unsafe.As<ushort, byte>(ref header.EtherTypeBE)));
    }

    [Fact]
    public void Ipv4Header_is_20_bytes_with_fields_at_the_iphdr_offsets()
    {
        var h = new Ipv4Header();
        Assert.Equal(20, sizeof(Ipv4Header));
        Assert.Equal(
            [0, 1, 2, 4, 6, 8, 9, 10, 12, 16],
            new[]
            {
                Offset(ref h, ref h.VersionAndLength),
                Offset(ref h, ref h.TypeOfService),
                Offset(ref h, ref Unsafe.As<ushort, byte>(ref h.TotalLengthBE)),
                Offset(ref h, ref Unsafe.As<ushort, byte>(ref h.IdentificationBE)),
                Offset(ref h, ref Unsafe.As<ushort, byte>(ref h.FragmentBE)),
                Offset(ref h, ref h.TimeToLive),
                Offset(ref h, ref h.Protocol),
                Offset(ref h, ref Unsafe.As<ushort, byte>(ref h.ChecksumBE)),
                Offset(ref h, ref Unsafe.As<uint, byte>(ref h.SourceBE)),
                Offset(ref h, ref Unsafe.As<uint, byte>(ref h.DestinationBE)),
            });
    }

    [Fact]
    public void UdpHeader_is_8_bytes_with_fields_at_the_udphdr_offsets()
    {
        var h = new UdpHeader();
        Assert.Equal(8, sizeof(UdpHeader));
        Assert.Equal(
            [0, 2, 4, 6],
            new[]
            {
                Offset(ref h, ref Unsafe.As<ushort, byte>(ref h.SourcePortBE)),
                Offset(ref h, ref Unsafe.As<ushort, byte>(ref h.DestinationPortBE)),
                Offset(ref h, ref Unsafe.As<ushort, byte>(ref h.LengthBE)),
                Offset(ref h, ref Unsafe.As<ushort, byte>(ref h.ChecksumBE)),
            });
    }

    [Fact]
    public void Headers_read_over_wire_bytes_see_network_order_fields()
    {
        byte[] frame = Support.Frames.Udp(Support.Frames.Ip(10, 0, 0, 1), Support.Frames.Ip(10, 0, 0, 2), 1234, 5678, [1, 2, 3]);
        fixed (byte* data = frame)
        {
            var eth = (EthernetHeader*)data;
            var ip = (Ipv4Header*)(data + 14);
            var udp = (UdpHeader*)(data + 34);
            Assert.Equal(EtherType.Ipv4, ByteOrder.ToHost(eth->EtherTypeBE));
            Assert.Equal((byte)0x45, ip->VersionAndLength);
            Assert.Equal(IpProtocol.Udp, ip->Protocol);
            Assert.Equal(Support.Frames.Ip(10, 0, 0, 2), ByteOrder.ToHost(ip->DestinationBE));
            Assert.Equal((ushort)31, ByteOrder.ToHost(ip->TotalLengthBE));
            Assert.Equal((ushort)5678, ByteOrder.ToHost(udp->DestinationPortBE));
            Assert.Equal(Support.Frames.MacA[5], eth->Source[5]);
        }
    }
}
