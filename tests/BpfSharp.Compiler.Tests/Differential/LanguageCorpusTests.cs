using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Struct layout and control flow constructs, in the kernel and in-process.</summary>
public class LanguageCorpusTests
{
    [KernelFact]
    public void Explicit_offsets_and_overlapping_fields_agree()
    {
        using var harness = DifferentialHarness.Load("StructLayouts.cs", typeof(StructLayouts));
        foreach (var packet in TestPackets.Random(24, 32, 48))
            harness.RunXdp(StructLayouts.Explicit, packet);

        byte[] known = new byte[32];
        known[16] = 0x01; known[17] = 0x02; known[18] = 0x03; known[19] = 0x04;
        var output = harness.RunXdp(StructLayouts.Explicit, known).Packet;
        Assert.Equal(new byte[] { 0x03, 0x04, 0x01, 0x02, 0x80 }, output[16..21]);
        Assert.Equal(new byte[] { 0x03, 0x04, 0x01, 0x02 }, output[24..28]);
    }

    [KernelFact]
    public void Nested_structs_and_fixed_buffers_copy_and_store_alike()
    {
        using var harness = DifferentialHarness.Load("StructLayouts.cs", typeof(StructLayouts));
        foreach (var packet in TestPackets.Random(24, 48, 64))
            harness.RunXdp(StructLayouts.Nested, packet);
    }

    [KernelFact]
    public void Switches_ternaries_and_logical_operators_agree_on_every_kind()
    {
        using var harness = DifferentialHarness.Load("Control.cs", typeof(Control));
        var verdicts = new List<XdpAction>();
        foreach (byte kind in new byte[] { 0, 1, 2, 3, 5, 9, 200, 255 })
            foreach (byte value in new byte[] { 0, 1, 9, 10, 99, 100, 101, 128, 255 })
            {
                byte[] packet = new byte[24];
                packet[14] = kind;
                packet[15] = value;
                verdicts.Add(harness.RunXdp(Control.Switches, packet).Action);
            }

        byte[] prepare = new byte[24];
        prepare[14] = (byte)Kind.Prepare;
        prepare[15] = 50;
        var (action, output) = harness.RunXdp(Control.Switches, prepare);
        Assert.Equal(XdpAction.Tx, action);
        Assert.Equal(new byte[] { 21, 3, 10 }, output[16..19]);
        Assert.Contains(XdpAction.Drop, verdicts);
    }

    [KernelFact]
    public void Switch_expressions_with_relational_patterns_agree()
    {
        using var harness = DifferentialHarness.Load("SwitchExpressions.cs", typeof(SwitchExpressions));
        var classes = new List<byte>();
        foreach (byte value in new byte[] { 0, 1, 9, 10, 99, 100, 254, 255 })
        {
            byte[] packet = new byte[24];
            packet[14] = (byte)(value % 3);
            packet[15] = value;
            classes.Add(harness.RunXdp(SwitchExpressions.Classify, packet).Packet[17]);
        }

        Assert.Equal(new byte[] { 1, 2, 2, 3, 3, 5, 5, 4 }, classes);
    }

    [KernelFact]
    public void Bounded_for_while_and_do_loops_with_break_and_continue_agree()
    {
        using var harness = DifferentialHarness.Load("Control.cs", typeof(Control));
        foreach (var packet in TestPackets.Random(32, 64, 80))
            harness.RunXdp(Control.Loops, packet);

        byte[] ones = Enumerable.Repeat((byte)1, 64).ToArray();
        var output = harness.RunXdp(Control.Loops, ones).Packet;
        Assert.Equal(32u, BitConverter.ToUInt32(output, 48));
        Assert.Equal(0u + 3 + 6 + 9 + 12 + 15, BitConverter.ToUInt32(output, 52));
        Assert.Equal(-1, BitConverter.ToInt32(output, 56));
        Assert.Equal(1, output[61]);
        Assert.Equal(16, output[62]);
    }
}
