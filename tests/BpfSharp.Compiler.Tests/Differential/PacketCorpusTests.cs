using System.Buffers.Binary;
using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Conversions, bitfields and a whole packet rewrite, in the kernel and in-process.</summary>
public class PacketCorpusTests
{
    [KernelFact]
    public void Widening_and_narrowing_conversions_agree()
    {
        using var harness = DifferentialHarness.Load("Conversions.cs", typeof(Conversions));
        foreach (var packet in TestPackets.Random(48, 96, 100))
            harness.RunXdp(Conversions.Convert, packet);

        byte[] negative = new byte[96];
        negative[16] = 0xFE;
        var output = harness.RunXdp(Conversions.Convert, negative).Packet;
        Assert.Equal(-2L, BinaryPrimitives.ReadInt64LittleEndian(output.AsSpan(32)));
    }

    [KernelFact]
    public void Bitfield_extraction_and_insertion_agree()
    {
        using var harness = DifferentialHarness.Load("Bitfields.cs", typeof(Bitfields));
        foreach (var packet in TestPackets.Random(48, 40, 48))
            harness.RunXdp(Bitfields.Fields, packet);

        byte[] ipv4 = new byte[40];
        ipv4[16] = 0x45;
        ipv4[18] = 0x40;
        var (action, output) = harness.RunXdp(Bitfields.Fields, ipv4);
        Assert.Equal(XdpAction.Tx, action);
        Assert.Equal(new byte[] { 0x4A, 0x00, 0x40, 0x00 }, output[24..28]);
    }

    [KernelFact]
    public void Udp_reflector_rewrites_the_frame_alike_and_keeps_the_checksum_valid()
    {
        using var harness = DifferentialHarness.Load("Reflector.cs", typeof(Reflector));
        byte[] frame = new byte[64];
        new Random(5).NextBytes(frame);
        frame[12] = 0x08;
        frame[13] = 0x00;
        frame[14] = 0x45;
        frame[22] = 64;
        frame[23] = 17;
        frame[24] = 0;
        frame[25] = 0;
        uint sum = 0;
        for (int i = 14; i < 34; i += 2) sum += (uint)(frame[i] << 8 | frame[i + 1]);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(24), (ushort)~sum);

        var (action, output) = harness.RunXdp(Reflector.Reflect, frame);

        Assert.Equal(XdpAction.Tx, action);
        Assert.Equal(frame[6..12], output[0..6]);
        Assert.Equal(frame[26..30], output[30..34]);
        Assert.Equal(63, output[22]);
        uint check = 0;
        for (int i = 14; i < 34; i += 2) check += (uint)(output[i] << 8 | output[i + 1]);
        while (check > 0xFFFF) check = (check & 0xFFFF) + (check >> 16);
        Assert.Equal(0xFFFFu, check);
        foreach (var packet in TestPackets.Random(16, 14, 80))
            harness.RunXdp(Reflector.Reflect, packet);
    }
}
