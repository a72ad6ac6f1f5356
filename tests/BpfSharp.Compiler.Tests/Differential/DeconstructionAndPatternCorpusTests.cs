using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Tuple deconstruction and property patterns, in the kernel and in-process.</summary>
public class DeconstructionAndPatternCorpusTests
{
    [KernelFact]
    public void Tuple_swaps_and_deconstruction_assignments_agree_and_swap()
    {
        using var harness = DifferentialHarness.Load("Deconstructions.cs", typeof(Deconstructions));
        foreach (var packet in TestPackets.Random(32, 48, 64))
            harness.RunXdp(Deconstructions.Swaps, packet);

        byte[] known = new byte[32];
        known[0] = 1; known[1] = 2; known[2] = 3; known[3] = 4; known[4] = 5;
        known[8] = 0xaa; known[12] = 0xbb; known[16] = 0x5c; known[19] = 7;
        var (action, output) = harness.RunXdp(Deconstructions.Swaps, known);

        // (a, b) = (b, a) gives 2, 1; then (a, b, c) = (c, a, b) gives 3, 2, 1.
        Assert.Equal(new byte[] { 3, 2, 1, 5, 4 }, output[0..5]);
        Assert.Equal(0xbbu, BitConverter.ToUInt32(output, 8));
        Assert.Equal(0xaau, BitConverter.ToUInt32(output, 12));
        Assert.Equal(12 * 1000L + 5, BitConverter.ToInt64(output, 24));
        Assert.Equal(12 + 5, output[18]);
        Assert.Equal(new byte[] { 7, 0xaa }, output[20..22]);
        Assert.Equal(XdpAction.Tx, action);
    }

    [KernelFact]
    public void Property_patterns_on_structs_agree_and_match_fields_properties_and_nested_structs()
    {
        using var harness = DifferentialHarness.Load("PropertyPatterns.cs", typeof(PropertyPatterns));
        foreach (var packet in TestPackets.Random(48, 40, 64))
            harness.RunXdp(PropertyPatterns.Classify, packet);

        var udp = Ip4Packet(protocol: 17, ttl: 64, tos: 0, tag: 101);
        var (action, output) = harness.RunXdp(PropertyPatterns.Classify, udp);
        Assert.Equal(XdpAction.Tx, action);
        Assert.Equal(new byte[] { 1, 0, 1, 1, 1, 40 }, output[34..40]);

        var expired = Ip4Packet(protocol: 17, ttl: 0, tos: 4, tag: 100);
        (action, output) = harness.RunXdp(PropertyPatterns.Classify, expired);
        Assert.Equal(XdpAction.Pass, action);
        Assert.Equal(new byte[] { 0, 1, 0, 1, 0, 20 }, output[34..40]);

        (_, output) = harness.RunXdp(PropertyPatterns.Classify, Ip4Packet(protocol: 1, ttl: 250, tos: 0, tag: 0));
        Assert.Equal(10, output[39]);
        (_, output) = harness.RunXdp(PropertyPatterns.Classify, Ip4Packet(protocol: 6, ttl: 250, tos: 0, tag: 0));
        Assert.Equal(30, output[39]);
    }

    private static byte[] Ip4Packet(byte protocol, byte ttl, byte tos, byte tag)
    {
        byte[] packet = new byte[48];
        packet[14] = 0x45;
        packet[15] = tos;
        packet[22] = ttl;
        packet[23] = protocol;
        packet[33] = tag;
        return packet;
    }
}
