using System.Buffers.Binary;
using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Calls, configuration, literals and pointers, in the kernel and in-process.</summary>
public class ProgramCorpusTests
{
    private static byte[] Udp(ushort port, byte ttl = 64, byte protocol = 17)
    {
        byte[] packet = new byte[60];
        packet[12] = 0x08;
        packet[14] = 0x45;
        packet[22] = ttl;
        packet[23] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(36), port);
        return packet;
    }

    [KernelFact]
    public void Calls_with_scalar_pointer_ref_in_out_and_struct_arguments_agree()
    {
        using var harness = DifferentialHarness.Load("Calls.cs", typeof(Calls));
        var symbols = new BpfSharp.Compiler.Tests.Emit.ElfSections(harness.Object).SymbolNames();
        Assert.Superset(new HashSet<string> { "Calls__MakePair", "Calls__Accumulate", "Calls__Depth3", "Calls__Verdict" }, symbols.ToHashSet());
        foreach (var packet in TestPackets.Random(32, 40, 64))
            harness.RunXdp(Calls.Run, packet);

        byte[] known = new byte[40];
        BinaryPrimitives.WriteUInt32LittleEndian(known.AsSpan(16), 2);
        var output = harness.RunXdp(Calls.Run, known).Packet;
        uint expectedTotal = ((0x5A5A5A5Au + 6) << 3) + 0;
        Assert.Equal(expectedTotal, BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(28)));
    }

    [KernelFact]
    public void Rodata_configuration_read_by_a_port_filter_agrees()
    {
        using var harness = DifferentialHarness.Load("Configuration.cs", typeof(Configuration));
        var verdicts = new[] { Udp(4000), Udp(53), Udp(4000, ttl: 1), Udp(4000, protocol: 6), new byte[20] }
            .Select(p => harness.RunXdp(Configuration.Filter, p).Action).ToList();

        Assert.Equal([XdpAction.Tx, XdpAction.Pass, XdpAction.Drop, XdpAction.Pass, XdpAction.Pass], verdicts);
    }

    [KernelFact]
    public void Rodata_set_by_the_loader_before_load_changes_the_kernel_program()
    {
        using var harness = DifferentialHarness.Load("Configuration.cs", typeof(Configuration), configure: obj =>
        {
            obj.SetVariable("s_port", (ushort)53);
            obj.SetVariable("s_dropOthers", true);
        });

        Assert.Equal((uint)XdpAction.Tx, harness.RunXdpInKernel(Configuration.Filter, Udp(53)).ReturnValue);
        Assert.Equal((uint)XdpAction.Drop, harness.RunXdpInKernel(Configuration.Filter, Udp(4000)).ReturnValue);
    }

    [KernelFact]
    public void U8_literal_comparison_and_64_bit_constants_agree()
    {
        using var harness = DifferentialHarness.Load("Literals.cs", typeof(Literals));
        foreach (var packet in TestPackets.Random(16, 40, 48))
            harness.RunXdp(Literals.Match, packet);

        byte[] magic = new byte[40];
        "specpaxos"u8.CopyTo(magic.AsSpan(14));
        Assert.Equal(XdpAction.Tx, harness.RunXdp(Literals.Match, magic).Action);
    }

    [KernelFact]
    public void Pointer_walks_with_bounds_checks_and_ref_locals_agree_on_every_length()
    {
        using var harness = DifferentialHarness.Load("Pointers.cs", typeof(Pointers));
        for (int length = 14; length <= 64; length += 3)
        {
            byte[] packet = new byte[length];
            new Random(length).NextBytes(packet);
            harness.RunXdp(Pointers.Walk, packet);
        }
    }
}
