using System.Buffers.Binary;
using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Every helper and intrinsic, in the kernel and in-process.</summary>
public class HelperCorpusTests
{
    [KernelFact]
    public void Time_cpu_and_context_fields_behave_alike()
    {
        using var harness = DifferentialHarness.Load("XdpHelpers.cs", typeof(XdpHelpers));

        var (action, output) = harness.RunXdp(XdpHelpers.TimeAndCpu, new byte[32]);

        Assert.Equal(XdpAction.Pass, action);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(16)));
    }

    [KernelFact]
    public void Byte_swaps_and_popcounts_agree()
    {
        using var harness = DifferentialHarness.Load("XdpHelpers.cs", typeof(XdpHelpers));
        foreach (var packet in TestPackets.Random(32, 48, 64))
            harness.RunXdp(XdpHelpers.Intrinsics, packet);

        byte[] known = new byte[48];
        BinaryPrimitives.WriteUInt32LittleEndian(known.AsSpan(16), 0x11223344);
        BinaryPrimitives.WriteUInt16LittleEndian(known.AsSpan(20), 0xABCD);
        BinaryPrimitives.WriteUInt64LittleEndian(known.AsSpan(24), 0xFF00000000000001);
        var output = harness.RunXdp(XdpHelpers.Intrinsics, known).Packet;
        Assert.Equal(0x44332211u, BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(32)));
        Assert.Equal((ushort)0xCDAB, BinaryPrimitives.ReadUInt16LittleEndian(output.AsSpan(36)));
        Assert.Equal((ushort)(10 | 9 << 8), BinaryPrimitives.ReadUInt16LittleEndian(output.AsSpan(38)));
        Assert.Equal(0x01000000000000FFul, BinaryPrimitives.ReadUInt64LittleEndian(output.AsSpan(40)));
    }

    [KernelFact]
    public void Trailing_and_leading_zero_counts_and_rotates_agree_including_zero_operands()
    {
        using var harness = DifferentialHarness.Load("XdpHelpers.cs", typeof(XdpHelpers));
        foreach (var packet in TestPackets.Random(32, 64, 80))
            harness.RunXdp(XdpHelpers.BitCounts, packet);

        byte[] zero = new byte[64];
        zero[14] = 70;
        var zeros = harness.RunXdp(XdpHelpers.BitCounts, zero).Packet;
        Assert.Equal(new byte[] { 32, 64, 32, 64, 32 }, zeros[32..37]);

        byte[] known = new byte[64];
        known[14] = 36;
        BinaryPrimitives.WriteUInt32LittleEndian(known.AsSpan(16), 0x00F0_0100);
        BinaryPrimitives.WriteUInt64LittleEndian(known.AsSpan(24), 0x0000_0100_0000_0000);
        var output = harness.RunXdp(XdpHelpers.BitCounts, known).Packet;
        Assert.Equal(new byte[] { 8, 40, 8, 23, 8 }, output[32..37]);
        Assert.Equal(0x0F00_1000u, BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(40)));
        Assert.Equal(0x000F_0010u, BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(44)));
        Assert.Equal(0x0000_0100_0000_0000ul << 36 | 0x0000_0100_0000_0000ul >> 28, BinaryPrimitives.ReadUInt64LittleEndian(output.AsSpan(48)));
        Assert.Equal(0x0000_0100_0000_0000ul >> 36 | 0x0000_0100_0000_0000ul << 28, BinaryPrimitives.ReadUInt64LittleEndian(output.AsSpan(56)));
    }

    [KernelFact]
    public void Ipv4_checksum_from_csum_diff_agrees_and_verifies()
    {
        using var harness = DifferentialHarness.Load("XdpHelpers.cs", typeof(XdpHelpers));
        foreach (var packet in TestPackets.Random(16, 34, 80))
        {
            var output = harness.RunXdp(XdpHelpers.Checksums, packet).Packet;
            uint sum = 0;
            for (int i = 14; i < 34; i += 2) sum += (uint)(output[i] << 8 | output[i + 1]);
            while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
            Assert.Equal(0xFFFFu, sum);
        }
    }

    [KernelFact]
    public void Checksum_sizes_refused_at_compile_time_or_at_run_time_give_einval_alike_and_valid_ones_agree()
    {
        using var harness = DifferentialHarness.Load("XdpHelpers.cs", typeof(XdpHelpers));
        foreach (var packet in TestPackets.Random(32, 96, 128))
            harness.RunXdp(XdpHelpers.ChecksumSizes, packet);

        var output = harness.RunXdp(XdpHelpers.ChecksumSizes, new byte[96]).Packet;
        Assert.Equal(-22L, BinaryPrimitives.ReadInt64LittleEndian(output.AsSpan(16)));
        Assert.Equal(-22L, BinaryPrimitives.ReadInt64LittleEndian(output.AsSpan(24)));
        Assert.Equal((long)Checksum.Fold(7), BinaryPrimitives.ReadInt64LittleEndian(output.AsSpan(32)));
        Assert.Equal((long)Checksum.Fold(1), BinaryPrimitives.ReadInt64LittleEndian(output.AsSpan(40)));
        var unaligned = new byte[96];
        unaligned[14] = 6;
        Assert.Equal(-22L, BinaryPrimitives.ReadInt64LittleEndian(harness.RunXdp(XdpHelpers.ChecksumSizes, unaligned).Packet.AsSpan(40)));
    }

    [KernelFact]
    public void Load_and_store_bytes_agree_including_short_packets()
    {
        using var harness = DifferentialHarness.Load("XdpHelpers.cs", typeof(XdpHelpers));
        foreach (var packet in TestPackets.Random(12, 14, 40))
            harness.RunXdp(XdpHelpers.CopyBytes, packet);

        Assert.Equal(XdpAction.Drop, harness.RunXdp(XdpHelpers.CopyBytes, new byte[15]).Action);
    }

    [KernelFact]
    public void Adjust_head_and_tail_and_redirect_change_the_packet_alike()
    {
        using var harness = DifferentialHarness.Load("XdpHelpers.cs", typeof(XdpHelpers));
        var results = new byte[] { 0, 1, 2, 3 }.Select(mode =>
        {
            byte[] packet = new byte[40];
            packet[14] = mode;
            return harness.RunXdp(XdpHelpers.GrowAndShrink, packet);
        }).ToList();

        Assert.Equal([XdpAction.Tx, XdpAction.Pass, XdpAction.Pass, XdpAction.Redirect], results.Select(r => r.Action).ToList());
        Assert.Equal([44, 37, 38, 40], results.Select(r => r.Packet.Length).ToList());
        Assert.Equal(0xCAFEF00Du, BinaryPrimitives.ReadUInt32LittleEndian(results[0].Packet));
    }

    [KernelFact]
    public void Tc_context_fields_and_headers_agree()
    {
        using var harness = DifferentialHarness.Load("TcPrograms.cs", typeof(TcPrograms));
        foreach (var packet in TestPackets.Random(16, 14, 90))
            harness.RunTc(TcPrograms.Classify, packet);

        byte[] ipv4 = new byte[64];
        ipv4[12] = 0x08;
        var (action, output) = harness.RunTc(TcPrograms.Classify, ipv4);
        Assert.Equal(TcAction.Ok, action);
        Assert.Equal(64, output[0]);
    }

    [KernelFact]
    public void Tc_tail_calls_jump_and_fall_through_alike()
    {
        using var harness = DifferentialHarness.Load("TcPrograms.cs", typeof(TcPrograms));
        harness.SetTailCall(TcPrograms.Stages, 1, TcPrograms.SecondStage);
        byte[] jumps = new byte[20];
        jumps[14] = 1;

        var (jumped, jumpedPacket) = harness.RunTc(TcPrograms.FirstStage, jumps);
        var (fellThrough, _) = harness.RunTc(TcPrograms.FirstStage, new byte[20]);

        Assert.Equal((TcAction.Pipe, (byte)0x33), (jumped, jumpedPacket[15]));
        Assert.Equal(TcAction.Ok, fellThrough);
    }

    [KernelFact]
    public void Tc_load_store_clone_redirect_and_redirect_agree()
    {
        using var harness = DifferentialHarness.Load("TcPrograms.cs", typeof(TcPrograms));
        foreach (var packet in TestPackets.Random(16, 24, 90))
        {
            var (_, output) = harness.RunTc(TcPrograms.Rewrite, packet);
            Assert.Equal(Errno.EINVAL, output[22]);
        }
    }
}
