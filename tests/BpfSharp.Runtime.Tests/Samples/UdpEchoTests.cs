using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Samples;

public class UdpEchoTests
{
    private static readonly uint Client = Frames.Ip(10, 0, 0, 1);
    private static readonly uint Server = Frames.Ip(10, 0, 0, 2);

    [Fact]
    public void A_datagram_to_the_echo_port_goes_back_out_of_the_same_device_with_addresses_swapped()
    {
        using var kernel = new InProcessKernel { CpuCount = 2, CurrentCpu = 1 };
        byte[] request = Frames.Udp(Client, Server, 40000, UdpEcho.EchoPort, "ping"u8);

        XdpRunResult result = kernel.RunXdp(UdpEcho.Run, request, ifindex: 2);

        Assert.Equal(XdpAction.Tx, result.Action);
        byte[] expected = Frames.Udp(Server, Client, UdpEcho.EchoPort, 40000, "ping"u8);
        Frames.MacA.CopyTo(expected, 0);
        Frames.MacB.CopyTo(expected, 6);
        Assert.Equal(expected, result.Packet);
        Assert.True(kernel.Device(2).TryDequeueTransmitted(out byte[] sent));
        Assert.Equal(expected, sent);
        Assert.Equal(0, Rfc1071.Checksum(sent.AsSpan(14, 20)));
        Assert.Equal([0UL, 1UL], kernel.Map(UdpEcho.Stats).Lookup(UdpEcho.Echoed)!);
    }

    [Fact]
    public void Other_traffic_and_truncated_frames_pass_up_untouched()
    {
        using var kernel = new InProcessKernel();
        byte[] other = Frames.Udp(Client, Server, 40000, 53, "q"u8);
        byte[] truncated = Frames.Udp(Client, Server, 40000, UdpEcho.EchoPort, [])[..40];

        Assert.Equal(other, kernel.RunXdp(UdpEcho.Run, other).Packet);
        Assert.Equal(XdpAction.Pass, kernel.RunXdp(UdpEcho.Run, truncated).Action);
        Assert.Equal([2UL], kernel.Map(UdpEcho.Stats).Lookup(UdpEcho.Passed)!);
        Assert.Equal(0, kernel.Device(1).TransmitCount);
    }
}
