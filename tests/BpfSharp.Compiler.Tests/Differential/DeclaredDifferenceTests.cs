using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Differential;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>The differences the runtime's tester declares: each is needed (without it the sides differ) and is stated.</summary>
public class DeclaredDifferenceTests
{
    private static byte[] Frame(int length, ushort etherType)
    {
        byte[] frame = new byte[length];
        frame[12] = (byte)(etherType >> 8);
        frame[13] = (byte)etherType;
        return frame;
    }

    [KernelFact]
    public void Times_differ_byte_for_byte_and_agree_by_the_declared_time_rule()
    {
        using (var plain = DifferentialHarness.Load("Timestamps.cs", typeof(Timestamps)))
        {
            var run = plain.Tester.CompareXdp(Timestamps.Stamp, new byte[32]);
            Assert.Contains(run.Differences, d => d.StartsWith("packet out differs", StringComparison.Ordinal));
            Assert.Contains(run.Differences, d => d.StartsWith("map 'Seen' differs", StringComparison.Ordinal));
        }

        using var ruled = DifferentialHarness.Load("Timestamps.cs", typeof(Timestamps),
            timeFields: [TimeField.InPacket(16), TimeField.InMapValue(nameof(Timestamps.Seen), 8)]);
        Assert.Equal(XdpAction.Tx, ruled.RunXdp(Timestamps.Stamp, new byte[32]).Action);
        Assert.Equal(XdpAction.Tx, ruled.RunXdp(Timestamps.Stamp, new byte[32]).Action);
        Assert.Equal(2ul, ruled.Kernel.Map(Timestamps.Seen).Lookup(0)!.Value.Count);
    }

    /// <summary>A HashMaps.Command frame: lookup of a flow (command 4) from <paramref name="address"/>, which the LRU map then records.</summary>
    private static byte[] FlowFrom(byte address)
    {
        byte[] frame = new byte[32];
        frame[14] = 4;
        frame[16] = address;
        return frame;
    }

    [KernelTheory]
    [InlineData("6.1.0-57-amd64", true)]
    [InlineData("6.16.0", false)]
    public void An_lru_hash_the_kernel_emptied_early_is_declared_for_kernels_before_6_16_only(string release, bool declared)
    {
        using var harness = DifferentialHarness.Load("HashMaps.cs", typeof(HashMaps), kernelRelease: release);
        harness.RunXdp(HashMaps.Command, FlowFrom(1));
        harness.RunXdp(HashMaps.Command, FlowFrom(2));
        // As 6.1's LRU does while far from full: the kernel's map loses an entry the in-process one keeps.
        harness.Loaded.Maps.Single(m => m.Name == nameof(HashMaps.Recent)).Delete(BitConverter.GetBytes(1u));

        var run = harness.Tester.CompareXdp(HashMaps.Command, FlowFrom(2));

        if (declared)
        {
            Assert.True(run.Agrees, string.Join("\n", run.Differences));
            Assert.Contains("LRU hash 'Recent' evicted before it was full (1 entry, where the in-process one holds 2 of 32)", run.KnownDifference);
            Assert.Null(harness.Tester.CompareXdp(HashMaps.Command, FlowFrom(1)).EnsureAgreement().KnownDifference);
        }
        else
        {
            Assert.Null(run.KnownDifference);
            Assert.Contains(run.Differences, d => d.StartsWith("map 'Recent' differs", StringComparison.Ordinal));
        }
    }

    [KernelTheory]
    [InlineData(0x0800, 33)]
    [InlineData(0x86DD, 53)]
    public void A_tc_frame_shorter_than_its_network_header_is_a_declared_difference(ushort etherType, int length)
    {
        using var harness = DifferentialHarness.Load("TcPrograms.cs", typeof(TcPrograms));

        var run = harness.Tester.CompareTc(TcPrograms.Classify, Frame(length, etherType));

        Assert.True(run.Agrees, string.Join("\n", run.Differences));
        Assert.Null(run.Kernel);
        Assert.NotNull(run.InProcess);
        Assert.Contains($"shorter than {length + 1} bytes", run.KnownDifference);
        Assert.Null(harness.Tester.CompareTc(TcPrograms.Classify, Frame(length + 1, etherType)).KnownDifference);
    }
}
