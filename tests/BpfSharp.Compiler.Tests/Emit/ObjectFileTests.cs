using System.Text;
using BpfSharp.Compiler.Tests.CodeGen;

namespace BpfSharp.Compiler.Tests.Emit;

public class ObjectFileTests
{
    private const string Source = """
        using BpfSharp;
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        public struct FlowKey { public uint Address; public ushort Port; }

        public struct FlowStats { public ulong Packets; }

        public static unsafe class Flows
        {
            public static readonly uint Limit = 10;
            public static ulong Total;

            [Map(Name = "flows", Pinning = MapPinning.ByName)] public static readonly LruHashMap<FlowKey, FlowStats> Table = new(1024);
            [Map] public static readonly RingBuffer Events = new(4096);

            [Xdp]
            public static XdpAction Ingress(XdpContext ctx)
            {
                FlowKey key = new() { Address = ctx.IngressIfindex, Port = 1 };
                FlowStats* stats = Table.Lookup(key);
                Total++;
                return stats != null && stats->Packets > Limit ? XdpAction.Drop : XdpAction.Pass;
            }

            [Tc("tc/egress")]
            public static TcAction Egress(TcContext ctx) => ctx.Mark == Limit ? TcAction.Shot : TcAction.Ok;
        }
        """;

    private static byte[] Compile(string path = "/src/project/Programs/Program.cs")
    {
        var result = CodeGenerator.Generate(TestPrograms.ModelOf(TestPrograms.Compile(Source, path), "Dual BSD/GPL"));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Object!;
    }

    [Fact]
    public void The_object_is_a_bpf_elf_with_program_map_data_licence_and_btf_sections()
    {
        var elf = new ElfSections(Compile());

        Assert.Equal(247, elf.Machine);
        Assert.Contains("xdp", elf.Names);
        Assert.Contains("tc/egress", elf.Names);
        Assert.Contains(".maps", elf.Names);
        Assert.Contains(".rodata", elf.Names);
        Assert.Contains(".bss", elf.Names);
        Assert.Contains("license", elf.Names);
        Assert.Contains(".BTF", elf.Names);
        Assert.Contains(".BTF.ext", elf.Names);
        Assert.DoesNotContain(".eh_frame", elf.Names);
        Assert.Equal("Dual BSD/GPL\0", Encoding.ASCII.GetString(elf.Contents("license")));
    }

    [Fact]
    public void Programs_maps_and_configuration_are_named_symbols()
    {
        var symbols = new ElfSections(Compile()).SymbolNames();

        Assert.Contains("Ingress", symbols);
        Assert.Contains("Egress", symbols);
        Assert.Contains("flows", symbols);
        Assert.Contains("Events", symbols);
        Assert.Contains("Limit", symbols);
        Assert.Contains("Total", symbols);
    }

    [Fact]
    public void Btf_names_the_user_structs_map_members_and_the_source_file_relative_to_the_project()
    {
        var btf = Encoding.ASCII.GetString(new ElfSections(Compile()).Contents(".BTF"));

        foreach (var name in new[] { "FlowKey", "FlowStats", "Address", "Port", "max_entries", "pinning", "key", "value", "Ingress", "ctx" })
            Assert.Contains("\0" + name + "\0", btf);
        Assert.Contains("Program.cs", btf);
        Assert.DoesNotContain("/src/project", btf);
    }

    [Fact]
    public void The_ir_sink_receives_the_optimised_module_with_its_sections_and_without_subset_helpers_left_uninlined()
    {
        var source = """
            using BpfSharp;
            public static class Helpers
            {
                [Map] public static readonly ArrayMap<ulong> Seen = new(1);

                [Xdp]
                public static XdpAction Run(XdpContext ctx) => IsBusy(ctx) ? XdpAction.Drop : XdpAction.Pass;

                private static bool IsBusy(XdpContext ctx) => ctx.RxQueueIndex > 3;
            }
            """;
        string? ir = null;
        var result = CodeGenerator.Generate(TestPrograms.Model(source), text => ir = text);

        Assert.True(result.Success);
        Assert.NotNull(ir);
        var definitions = ir!.Split('\n').Where(l => l.StartsWith("define", StringComparison.Ordinal)).ToList();
        var run = Assert.Single(definitions);
        Assert.Contains("@Run(ptr", run);
        Assert.Contains("section \"xdp\"", run);
        Assert.Contains("section \".maps\"", ir);
    }

    [Fact]
    public void Compiling_the_same_program_twice_gives_byte_identical_objects()
    {
        Assert.Equal(Compile(), Compile());
    }

    [Fact]
    public void The_object_does_not_depend_on_where_the_project_lives()
    {
        Assert.Equal(Compile("/home/a/work/Programs/Program.cs"), Compile("/tmp/elsewhere/b/Programs/Program.cs"));
    }

    [Fact]
    public void With_a_project_directory_source_names_in_btf_are_relative_to_it()
    {
        var model = TestPrograms.ModelOf(TestPrograms.Compile(Source, "/home/a/work/Programs/Program.cs")) with { ProjectDirectory = "/home/a/work/" };
        var result = CodeGenerator.Generate(model);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var btf = Encoding.ASCII.GetString(new ElfSections(result.Object!).Contents(".BTF"));

        Assert.Contains("\0Programs/Program.cs\0", btf);
        Assert.DoesNotContain("/home/a", btf);
    }

    [Fact]
    public void A_program_whose_entries_share_a_method_name_gets_type_qualified_program_names()
    {
        var source = """
            using BpfSharp;
            public static class A { [Xdp] public static XdpAction Run(XdpContext ctx) => XdpAction.Pass; }
            public static class B { [Xdp] public static XdpAction Run(XdpContext ctx) => XdpAction.Drop; }
            """;
        var symbols = new ElfSections(TestPrograms.CompileToObject(source)).SymbolNames();

        Assert.Contains("A_Run", symbols);
        Assert.Contains("B_Run", symbols);
    }
}
