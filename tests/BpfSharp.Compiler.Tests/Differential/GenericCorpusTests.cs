using System.Buffers.Binary;
using BpfSharp.Compiler.Model;
using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Generic helper methods, compiled once per instance, in the kernel and in-process.</summary>
public class GenericCorpusTests
{
    [KernelFact]
    public void Generic_helpers_specialised_per_type_argument_agree_and_compute_each_instance()
    {
        using var harness = DifferentialHarness.Load("Generics.cs", typeof(Generics));
        foreach (var packet in TestPackets.Random(48, 64, 72, 96))
            harness.RunXdp(Generics.Specialise, packet);

        byte[] known = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(known.AsSpan(0), 5);
        BinaryPrimitives.WriteUInt32LittleEndian(known.AsSpan(4), 9);
        BinaryPrimitives.WriteInt32LittleEndian(known.AsSpan(12), -3);
        BinaryPrimitives.WriteInt32LittleEndian(known.AsSpan(16), -7);
        BinaryPrimitives.WriteInt16LittleEndian(known.AsSpan(52), -500);
        BinaryPrimitives.WriteInt16LittleEndian(known.AsSpan(54), 50);
        known[40] = 0x10;
        known[41] = 0x90;
        known[42] = 0x33;
        known[43] = 0x22;
        BinaryPrimitives.WriteUInt16LittleEndian(known.AsSpan(44), 0x1111);
        BinaryPrimitives.WriteUInt16LittleEndian(known.AsSpan(46), 0x2222);
        var (action, output) = harness.RunXdp(Generics.Specialise, known);

        Assert.Equal(9u, BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(8)));
        Assert.Equal(-3, BinaryPrimitives.ReadInt32LittleEndian(output.AsSpan(20)));
        Assert.Equal((short)-100, BinaryPrimitives.ReadInt16LittleEndian(output.AsSpan(56)));
        Assert.Equal(new byte[] { 0x90, 0x10 }, output[40..42]);
        Assert.Equal(0x2222, BinaryPrimitives.ReadUInt16LittleEndian(output.AsSpan(44)));
        Assert.Equal(0x1111, BinaryPrimitives.ReadUInt16LittleEndian(output.AsSpan(46)));
        Assert.Equal(4 + 8 + 1, output[48]);
        Assert.Equal(0x33, output[49]);
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(60)));
        Assert.Equal(XdpAction.Tx, action);
    }

    [Fact]
    public void Each_instance_of_a_generic_method_is_one_function_named_by_its_type_arguments()
    {
        var model = CorpusCompiler.Compile("Generics.cs").Model;

        var instances = model.Methods.Where(method => method.IsGenericMethod)
            .Select(method => ObjectSymbols.FunctionSymbol(method)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
        [
            "Generics__Clamp__Int16", "Generics__Field__PortPair", "Generics__Larger__Byte", "Generics__Larger__UInt32", "Generics__Max__Byte", "Generics__Max__Int16", "Generics__Max__Int32",
            "Generics__Max__UInt32", "Generics__Min__Int16", "Generics__Mix__Byte", "Generics__Mix__UInt64", "Generics__SizeOf__Byte",
            "Generics__SizeOf__PortPair", "Generics__SizeOf__UInt64", "Generics__Swap__Byte", "Generics__Swap__PortPair", "Generics__Swap__UInt16",
        ], instances);
    }

    [Fact]
    public void A_NoInlining_generic_method_stays_one_BPF_function_per_instance_in_the_object_under_its_instance_name()
    {
        var (_, elf) = CorpusCompiler.Compile("Generics.cs");

        Assert.Equal(["Generics__Larger__Byte", "Generics__Larger__UInt32", "Specialise"], ObjectFunctions.Of(elf).Order(StringComparer.Ordinal));
    }
}
