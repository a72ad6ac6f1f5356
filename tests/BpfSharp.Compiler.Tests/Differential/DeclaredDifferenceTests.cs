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
