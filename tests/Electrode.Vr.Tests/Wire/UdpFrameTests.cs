using System.Buffers.Binary;
using Electrode.Vr.Transport;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.Wire;

public class UdpFrameTests
{
    private static readonly byte[] MacA = [2, 0, 0, 0, 0, 1];
    private static readonly byte[] MacB = [2, 0, 0, 0, 0, 2];
    private static readonly EndpointAddress A = new(0x0a000001, 5001);
    private static readonly EndpointAddress B = new(0x0a000002, 5002);

    private static byte[] Frame(byte[] payload) => UdpFrame.Build(MacA, MacB, A, B, payload);

    [Fact]
    public void BuiltFrameParsesBackToItsAddressesAndPayload()
    {
        var payload = new byte[] { 1, 2, 3, 4, 5 };
        var frame = Frame(payload);

        Assert.True(UdpFrame.TryParse(frame, out var info, out var error), error);
        Assert.Equal(A, info.Source);
        Assert.Equal(B, info.Destination);
        Assert.Equal(payload, frame.AsSpan(info.PayloadOffset, info.PayloadLength).ToArray());
        Assert.Equal(MacB, frame[..6]);
        Assert.Equal(MacA, frame[6..12]);
    }

    [Fact]
    public void BuiltFrameHasACorrectIpv4HeaderChecksum()
    {
        var frame = Frame([9]);
        Assert.Equal(0, UdpFrame.InternetChecksum(frame.AsSpan(UdpFrame.EthernetHeaderSize, UdpFrame.Ipv4HeaderSize)));
        Assert.NotEqual(0, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(UdpFrame.EthernetHeaderSize + 10)));
    }

    [Fact]
    public void CorruptedIpv4HeaderIsRejected()
    {
        var frame = Frame([9]);
        frame[UdpFrame.EthernetHeaderSize + 15] ^= 1;
        Assert.False(UdpFrame.TryParse(frame, out _, out var error));
        Assert.Contains("checksum", error);
    }

    [Fact]
    public void NonUdpProtocolIsRejected()
    {
        var frame = Frame([9]);
        frame[UdpFrame.EthernetHeaderSize + 9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(UdpFrame.EthernetHeaderSize + 10), 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(UdpFrame.EthernetHeaderSize + 10),
            UdpFrame.InternetChecksum(frame.AsSpan(UdpFrame.EthernetHeaderSize, UdpFrame.Ipv4HeaderSize)));
        Assert.False(UdpFrame.TryParse(frame, out _, out var error));
        Assert.Equal("not UDP", error);
    }

    [Fact]
    public void WrongNonZeroUdpChecksumIsRejected()
    {
        var frame = Frame([9, 8, 7]);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(UdpFrame.EthernetHeaderSize + UdpFrame.Ipv4HeaderSize + 6), 0x1234);
        Assert.False(UdpFrame.TryParse(frame, out _, out var error));
        Assert.Equal("wrong UDP checksum", error);
    }

    [Fact]
    public void UdpLengthBeyondTheFrameIsRejected()
    {
        var frame = Frame([9, 8, 7]);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(UdpFrame.EthernetHeaderSize + UdpFrame.Ipv4HeaderSize + 4), 100);
        Assert.False(UdpFrame.TryParse(frame, out _, out _));
    }

    [Fact]
    public void RandomFramesNeverThrow()
    {
        var random = new Random(3);
        var valid = Frame(new byte[40]);
        for (int i = 0; i < 3000; i++)
        {
            var frame = i % 2 == 0 ? new byte[random.Next(0, 80)] : (byte[])valid.Clone();
            if (i % 2 == 0)
                random.NextBytes(frame);
            else
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
            UdpFrame.TryParse(frame, out _, out _);
        }
    }
}
