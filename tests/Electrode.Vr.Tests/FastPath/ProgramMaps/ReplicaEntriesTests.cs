using BpfSharp.Net;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Transport;

namespace Electrode.Vr.Tests.FastPath.ProgramMaps;

public class ReplicaEntriesTests
{
    [Fact]
    public unsafe void AddressAndPortAreInNetworkOrderAndTheMacIsCopied()
    {
        byte[] mac = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];

        var entry = ReplicaEntries.For(new EndpointAddress(0x0A000102, 7001), mac);

        Assert.Equal((0x0A000102u, (ushort)7001), (ByteOrder.ToHost(entry.AddressBE), ByteOrder.ToHost(entry.PortBE)));
        Assert.Equal(mac, new ReadOnlySpan<byte>(entry.Mac.Bytes, mac.Length).ToArray());
        Assert.Equal(0u, entry.Ifindex);
    }

    [Fact]
    public void AMacOfAnotherLengthIsRefused()
    {
        Assert.Throws<ArgumentException>(() => ReplicaEntries.For(new EndpointAddress(1, 2), new byte[5]));
    }
}
