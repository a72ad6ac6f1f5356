using System.Buffers.Binary;
using BpfSharp.InProcess;
using BpfSharp.Net;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Samples;

public class TcFanOutTests
{
    private static readonly uint Sender = Frames.Ip(10, 0, 0, 1);
    private static readonly uint Group = Frames.Ip(10, 0, 0, 255);

    private static InProcessKernel Configure(params (uint Address, uint Ifindex)[] peers)
    {
        var kernel = new InProcessKernel();
        for (int i = 0; i < peers.Length; i++)
        {
            kernel.AddDevice(peers[i].Ifindex);
            kernel.Map(TcFanOut.Peers).Update((uint)i,
                new TcFanOut.Peer { AddressBE = ByteOrder.ToNetwork(peers[i].Address), Ifindex = peers[i].Ifindex });
        }
        kernel.Map(TcFanOut.Config).Update(0, new TcFanOut.Settings { PeerCount = (uint)peers.Length });
        return kernel;
    }

    [Fact]
    public void Each_peer_gets_one_copy_addressed_to_it_with_a_valid_ip_checksum()
    {
        (uint, uint)[] peers = [(Frames.Ip(10, 0, 0, 2), 2), (Frames.Ip(10, 0, 0, 3), 3), (Frames.Ip(10, 0, 0, 4), 2)];
        using InProcessKernel kernel = Configure(peers);

        TcRunResult result = kernel.RunTc(TcFanOut.Run, Frames.Udp(Sender, Group, 5000, TcFanOut.GroupPort, "prepare"u8));

        Assert.Equal(TcAction.Shot, result.Action);
        Assert.Equal(peers.Select(p => p.Item2), result.Emitted.Select(e => e.Ifindex));
        for (int i = 0; i < peers.Length; i++)
        {
            byte[] copy = result.Emitted[i].Bytes;
            Assert.Equal(peers[i].Item1, BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(30)));
            Assert.Equal(0, Rfc1071.Checksum(copy.AsSpan(14, 20)));
            Assert.Equal("prepare"u8.ToArray(), copy[42..]);
        }
        Assert.Equal(2, kernel.Device(2).TransmitCount);
    }

    [Fact]
    public void Traffic_to_other_ports_continues_without_copies()
    {
        using InProcessKernel kernel = Configure((Frames.Ip(10, 0, 0, 2), 2));
        TcRunResult result = kernel.RunTc(TcFanOut.Run, Frames.Udp(Sender, Group, 5000, 80, "x"u8));
        Assert.Equal(TcAction.Ok, result.Action);
        Assert.Empty(result.Emitted);
    }
}
