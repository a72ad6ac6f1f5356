using BpfSharp.Compiler.CodeGen;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class StructLayoutsTests
{
    private const string Source = """
        using System.Runtime.InteropServices;

        public struct Default { public byte A; public uint B; public ushort C; }

        [StructLayout(LayoutKind.Sequential, Pack = 2)]
        public struct PackTwo { public byte A; public ulong B; public byte C; }

        [StructLayout(LayoutKind.Explicit)]
        public struct Union { [FieldOffset(0)] public ulong Whole; [FieldOffset(4)] public uint High; [FieldOffset(0)] public byte First; }

        [StructLayout(LayoutKind.Sequential, Size = 32)]
        public struct Sized { public uint A; }

        public unsafe struct WithBuffer { public byte Tag; public fixed ushort Words[3]; public uint After; }

        public struct Outer { public byte A; public Default Inner; public bool Flag; }

        public struct Empty { }

        [StructLayout(LayoutKind.Auto)]
        public struct Automatic { public int A; }
        """;

    private static (StructLayouts Layouts, Compilation Compilation) Build()
    {
        var compilation = TestPrograms.Compile(Source);
        return (new StructLayouts(compilation), compilation);
    }

    private static INamedTypeSymbol Type(Compilation compilation, string name) => compilation.GetTypeByMetadataName(name)!;

    [Theory]
    [InlineData("Default", 12, 4, new[] { 0, 4, 8 })]
    [InlineData("PackTwo", 12, 2, new[] { 0, 2, 10 })]
    [InlineData("Union", 8, 8, new[] { 0, 4, 0 })]
    [InlineData("Sized", 32, 4, new[] { 0 })]
    [InlineData("WithBuffer", 12, 4, new[] { 0, 2, 8 })]
    [InlineData("Outer", 20, 4, new[] { 0, 4, 16 })]
    [InlineData("Empty", 1, 1, new int[0])]
    public void Source_structs_get_the_size_alignment_and_offsets_the_clr_gives_them(string name, int size, int alignment, int[] offsets)
    {
        var (layouts, compilation) = Build();
        var layout = layouts.Of(Type(compilation, name));

        Assert.Equal(size, layout.Size);
        Assert.Equal(alignment, layout.Alignment);
        Assert.Equal(offsets, layout.Fields.Select(f => f.Offset));
    }

    [Theory]
    [InlineData("BpfSharp.Net.EthernetHeader", 14, new[] { 0, 6, 12 })]
    [InlineData("BpfSharp.Net.Ipv4Header", 20, new[] { 0, 1, 2, 4, 6, 8, 9, 10, 12, 16 })]
    [InlineData("BpfSharp.Net.UdpHeader", 8, new[] { 0, 2, 4, 6 })]
    public void Structs_of_a_referenced_assembly_are_laid_out_from_its_metadata(string name, int size, int[] offsets)
    {
        var (layouts, compilation) = Build();
        var layout = layouts.Of(Type(compilation, name));

        Assert.Equal(size, layout.Size);
        Assert.Equal(1, layout.Alignment);
        Assert.Equal(offsets, layout.Fields.Select(f => f.Offset));
    }

    [Fact]
    public void An_auto_layout_struct_is_refused_with_the_reason()
    {
        var (layouts, compilation) = Build();

        var refusal = Assert.Throws<UnsupportedConstructException>(() => layouts.Of(Type(compilation, "Automatic")));
        Assert.Contains("auto layout", refusal.What);
    }

    [Fact]
    public unsafe void The_computed_layouts_match_the_runtime_sizes_of_the_same_shapes()
    {
        var (layouts, compilation) = Build();

        Assert.Equal(sizeof(BpfSharp.Net.EthernetHeader), layouts.SizeOf(Type(compilation, "BpfSharp.Net.EthernetHeader")));
        Assert.Equal(sizeof(BpfSharp.Net.Ipv4Header), layouts.SizeOf(Type(compilation, "BpfSharp.Net.Ipv4Header")));
    }
}
